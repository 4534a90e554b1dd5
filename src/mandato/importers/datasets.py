"""The public datasets Mandato imports: what each file is, who publishes it, and where it came from.

The facts here are those stated in ../shared/reference-data/SOURCE.md (publisher, waves, licence,
the repository each extract was taken from, the extraction date) plus the publisher's own page about
the dataset. An import never treats a dataset as ground truth: its rows stay md:DatasetRecord nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
EXTRACTED_ON = "2026-11-22"  # SOURCE.md: "The extractions were made on 2026-11-22."


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    file_name: str
    title: str
    publisher: str
    publisher_page: str
    origins: tuple[str, ...]
    licence: str | None = None
    terms: str = ""
    comment: str = ""
    retrieved_on: str = EXTRACTED_ON

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.publisher_page, *self.origins)


DATASETS: dict[str, DatasetInfo] = {
    "govtech": DatasetInfo(
        name="govtech",
        file_name="wb_govtech_dataset_2020_2022_lac_long.csv",
        title="World Bank GovTech Dataset, 2020 and 2022 waves (LAC extract, long format)",
        publisher="World Bank",
        publisher_page="https://www.worldbank.org/en/programs/govtech/gtmi-Intro",
        origins=("https://github.com/WB-PIDA-Data-Science-Shop/pi-flagship-report",),
        licence=CC_BY_4,
        comment=(
            "WBG_GovTech Dataset_Oct2022.xlsx, sheet CG_GTMI_Data, as re-exported by the World Bank PIDA team "
            "(chapter-1/data/output/gtmiwide_clean.csv). One record per cell: md:datasetField is the indicator "
            "code (I-1 ... I-48 and their sub-fields). Sub-field meanings were inferred from the values. I-27 is "
            "the UN E-Participation Index (the gtmiR documentation mislabels it 'cyber security strategy')."
        ),
    ),
    "gtmi": DatasetInfo(
        name="gtmi",
        file_name="wb_gtmi_scores_2020_2022_2025_lac.csv",
        title="World Bank GovTech Maturity Index scores (GTMI, CGSI, PSDI, DCEI, GTEI), 2020, 2022 and 2025 (LAC extract)",
        publisher="World Bank",
        publisher_page="https://www.worldbank.org/en/programs/govtech/gtmi-Intro",
        origins=("https://github.com/WB-PIDA-Data-Science-Shop/gtmiR",),
        licence=CC_BY_4,
        comment="From gtmiR data/gtmi2025.rda, built from WBG_GovTech_Dataset_Dec2025.xlsx (World Bank Data Catalog 0037889). Nicaragua did not respond in 2025.",
    ),
    "unegov": DatasetInfo(
        name="unegov",
        file_name="un_egov_survey_2022_2024_lac.csv",
        title="UN E-Government Survey country data (EGDI, rank, EPI, OSI, HCI, TII), 2022 and 2024 (LAC extract)",
        publisher="United Nations Department of Economic and Social Affairs",
        publisher_page="https://publicadministration.un.org/egovkb/en-us",
        origins=(
            "https://github.com/pluralitybook/plurality",
            "https://github.com/MaryliaCruzS/Estadistica1CienciaPolitica",
        ),
        terms="UN DESA terms (public).",
        comment="Copies of the UN DESA Data Center download (EGOV_DATA_2022.csv, EGOV_DATA_2024.csv).",
    ),
    "oecddgi": DatasetInfo(
        name="oecddgi",
        file_name="oecd_dgi_2023_lac.csv",
        title="OECD Digital Government Index 2023: composite and six dimensions (LAC extract)",
        publisher="Organisation for Economic Co-operation and Development",
        publisher_page="https://oecd.org/en/publications/2021/07/government-at-a-glance-2021_70df9612/full-report/component-101.html",
        origins=(
            "https://github.com/blavatnik-index/bipa2024_sourcedata",
            "https://administracionelectronica.gob.es/pae_Home/en/pae_OBSAE/Posicionamiento-Internacional/Summary-Spain-international-rankings/OECD-Digital-Government-Index-2023.html?idioma=en",
        ),
        terms="OECD: re-use permitted.",
        comment=(
            "Scores of the 2023 OECD Digital Government Index (33 member countries, 4 accession countries and 1 partner country; "
            "data collected in 2022) as taken from the OECD paper by the Blavatnik Index of Public Administration "
            "(data_raw/OECD_DGI_2023/oecd_dgi_2023.csv). Seven LAC countries are in the index: ARG BRA CHL COL CRI MEX PER. "
            "The publisher page describes the index and its six dimensions."
        ),
    ),
    "unctad": DatasetInfo(
        name="unctad",
        file_name="unctad_cyberlaw_tracker_lac.csv",
        title="UNCTAD Global Cyberlaw Tracker: legislation status and law documents (LAC extract)",
        publisher="United Nations Conference on Trade and Development",
        publisher_page="https://unctad.org/topic/ecommerce-and-digital-economy/ecommerce-law-reform/summary-adoption-e-commerce-legislation-worldwide",
        origins=("https://github.com/unctad-infovis/2026-cyberlaw_tracker",),
        terms="UNCTAD public data; the repository states 'rights of usage: contact' UNCTAD.",
        comment="public/assets/data/data.csv plus document_links.json (snapshot of 2026-04-27): status by category with the titles and URLs of the law documents.",
    ),
}


def dataset_info(name: str) -> DatasetInfo:
    from ..errors import UsageError

    try:
        return DATASETS[name]
    except KeyError:
        raise UsageError(f"unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}") from None
