"""Interface labels in English, Spanish and Portuguese.

Entity labels (countries, bodies, laws, vocabulary concepts) come from the graph's language-tagged
rdfs:label / skos:prefLabel; this module holds only the words of the interface itself.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "pt")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português"}

_TEXT: dict[str, tuple[str, str, str]] = {
    # app shell
    "app.title": ("Mandato explorer", "Explorador Mandato", "Explorador Mandato"),
    "app.tagline": (
        "Who governs digital government in Latin America and the Caribbean",
        "Quién gobierna el gobierno digital en América Latina y el Caribe",
        "Quem governa o governo digital na América Latina e no Caribe",
    ),
    "nav.page": ("Page", "Página", "Página"),
    "nav.language": ("Language", "Idioma", "Idioma"),
    "page.overview": ("Overview", "Panorama", "Panorama"),
    "page.country": ("Country profile", "Perfil de país", "Perfil do país"),
    "page.compare": ("Compare", "Comparar", "Comparar"),
    "page.gaps": ("Gaps", "Brechas", "Lacunas"),
    "page.laws": ("Laws", "Leyes", "Leis"),
    "page.library": ("Query library", "Biblioteca de consultas", "Biblioteca de consultas"),
    "page.console": ("SPARQL console", "Consola SPARQL", "Console SPARQL"),
    "settings.title": ("Data source", "Fuente de datos", "Fonte de dados"),
    "settings.endpoint": (
        "Remote SPARQL endpoint URL (empty: embedded store)",
        "URL de un endpoint SPARQL remoto (vacío: almacén integrado)",
        "URL de um endpoint SPARQL remoto (vazio: armazenamento embutido)",
    ),
    "settings.embedded": ("Embedded store: {path} ({triples} triples, built {built})", "Almacén integrado: {path} ({triples} tripletas, generado {built})", "Armazenamento embutido: {path} ({triples} triplas, gerado {built})"),
    "settings.remote": ("Remote endpoint: {url}", "Endpoint remoto: {url}", "Endpoint remoto: {url}"),
    "settings.bad_endpoint": (
        "The endpoint setting is not an http(s) URL: {url}",
        "El endpoint indicado no es una URL http(s): {url}",
        "O endpoint indicado não é uma URL http(s): {url}",
    ),
    "error.endpoint": (
        "The data source cannot be used: {message}. Check the endpoint URL in the sidebar (Data source), or clear it to use the embedded store.",
        "No se puede usar la fuente de datos: {message}. Revise la URL del endpoint en la barra lateral (Fuente de datos), o bórrela para usar el almacén integrado.",
        "Não é possível usar a fonte de dados: {message}. Verifique a URL do endpoint na barra lateral (Fonte de dados), ou apague-a para usar o armazenamento embutido.",
    ),
    "error.unexpected": ("Something went wrong: {message}", "Algo salió mal: {message}", "Algo deu errado: {message}"),
    "download.csv": ("CSV", "CSV", "CSV"),
    "download.json": ("JSON", "JSON", "JSON"),
    "download.label": ("Download {name}", "Descargar {name}", "Baixar {name}"),
    "common.all": ("All", "Todos", "Todos"),
    "common.yes": ("yes", "sí", "sim"),
    "common.no": ("no", "no", "não"),
    "common.none": ("none recorded", "ninguno registrado", "nenhum registrado"),
    "common.source": ("source", "fuente", "fonte"),
    "common.sources": ("sources", "fuentes", "fontes"),
    "common.iri": ("IRI", "IRI", "IRI"),
    "common.rows": ("{n} rows", "{n} filas", "{n} linhas"),
    "common.since": ("since {date}", "desde {date}", "desde {date}"),
    "common.until": ("until {date}", "hasta {date}", "até {date}"),
    "common.legal_basis": ("legal basis", "base legal", "base legal"),
    "common.country": ("Country", "País", "País"),
    "common.subregion": ("Subregion", "Subregión", "Sub-região"),
    "common.not_assessed": ("not assessed", "no evaluado", "não avaliado"),
    "common.in_force_status": ("in-force status", "vigencia", "vigência"),
    "col.country": ("country", "país", "país"),
    "col.name": ("name", "nombre", "nome"),
    "col.title": ("title", "título", "título"),
    "col.type": ("type", "tipo", "tipo"),
    "col.number": ("number", "número", "número"),
    "col.year": ("year", "año", "ano"),
    "col.status": ("status", "estado", "situação"),
    "col.topics": ("topics", "temas", "temas"),
    "col.official_text": ("official text", "texto oficial", "texto oficial"),
    "col.iri": ("IRI", "IRI", "IRI"),
    "col.sources": ("sources", "fuentes", "fontes"),
    "col.body": ("body", "órgano", "órgão"),
    "col.mandate": ("mandate", "mandato", "mandato"),
    "col.level": ("level", "nivel", "nível"),
    "col.legal_basis": ("legal basis", "base legal", "base legal"),
    "col.from": ("from", "desde", "desde"),
    "col.until": ("until", "hasta", "até"),
    "col.rule": ("rule", "regla", "regra"),
    "col.severity": ("severity", "gravedad", "gravidade"),
    "col.focus": ("focus", "foco", "foco"),
    "col.value": ("value", "valor", "valor"),
    "col.message": ("message", "mensaje", "mensagem"),
    "col.indicator": ("indicator", "indicador", "indicador"),
    "col.dataset": ("dataset", "conjunto de datos", "conjunto de dados"),
    # overview
    "overview.title": ("Digital government governance in LAC", "Gobernanza del gobierno digital en ALC", "Governança do governo digital na ALC"),
    "overview.countries": ("{n} countries in the graph", "{n} países en el grafo", "{n} países no grafo"),
    "overview.lead": ("with a lead body", "con órgano rector", "com órgão líder"),
    "overview.coordination": ("with a co-ordination body", "con instancia de coordinación", "com instância de coordenação"),
    "overview.strategy": ("with a current strategy", "con estrategia vigente", "com estratégia vigente"),
    "overview.laws": ("Share of countries with a law in force, by baseline topic", "Proporción de países con una ley vigente, por tema básico", "Proporção de países com lei vigente, por tema básico"),
    "overview.share_help": ("{k} of {n} countries", "{k} de {n} países", "{k} de {n} países"),
    "overview.map": ("Map", "Mapa", "Mapa"),
    "overview.metric": ("Colour the map by", "Colorear el mapa por", "Colorir o mapa por"),
    "overview.metric.gaps": ("gap findings (all)", "brechas detectadas (todas)", "lacunas detectadas (todas)"),
    "overview.metric.warnings": ("gap findings (warnings)", "brechas detectadas (advertencias)", "lacunas detectadas (alertas)"),
    "overview.metric.baseline": ("baseline topics with a law in force", "temas básicos con ley vigente", "temas básicos com lei vigente"),
    "overview.metric.present": ("aspects present", "aspectos presentes", "aspectos presentes"),
    "overview.metric.indicator": ("{name} (latest)", "{name} (último)", "{name} (mais recente)"),
    "overview.map_help": (
        "Click a country to open its profile. Small island States are drawn as circles. Grey: no value.",
        "Haga clic en un país para abrir su perfil. Los pequeños Estados insulares se dibujan como círculos. Gris: sin valor.",
        "Clique em um país para abrir seu perfil. Os pequenos Estados insulares aparecem como círculos. Cinza: sem valor.",
    ),
    "overview.table": ("figures per country", "cifras por país", "números por país"),
    "overview.table_open": ("Figures per country (table of {n}, with downloads)", "Cifras por país (tabla de {n}, con descargas)", "Números por país (tabela de {n}, com downloads)"),
    # country profile
    "country.select": ("Country", "País", "País"),
    "country.unknown": (
        "Unknown country code {code!r} in the address: choose one of the {n} countries below.",
        "Código de país desconocido {code!r} en la dirección: elija uno de los {n} países.",
        "Código de país desconhecido {code!r} no endereço: escolha um dos {n} países.",
    ),
    "country.lead": ("Lead digital government body", "Órgano rector de gobierno digital", "Órgão líder de governo digital"),
    "country.no_lead": ("No current lead body is recorded (status: {status}).", "No hay órgano rector vigente registrado (estado: {status}).", "Nenhum órgão líder vigente registrado (situação: {status})."),
    "country.history": ("History of the lead body", "Historia del órgano rector", "História do órgão líder"),
    "country.no_history": ("No dated history recorded.", "No hay historia fechada registrada.", "Nenhuma história datada registrada."),
    "country.mandates": ("Mandates and their legal basis", "Mandatos y su base legal", "Mandatos e sua base legal"),
    "country.coordination": ("Co-ordination body", "Instancia de coordinación", "Instância de coordenação"),
    "country.no_coordination": ("No current co-ordination body is recorded (status: {status}).", "No hay instancia de coordinación vigente registrada (estado: {status}).", "Nenhuma instância de coordenação vigente registrada (situação: {status})."),
    "country.strategy": ("Digital government strategy", "Estrategia de gobierno digital", "Estratégia de governo digital"),
    "country.no_strategy": ("No current strategy is recorded (status: {status}).", "No hay estrategia vigente registrada (estado: {status}).", "Nenhuma estratégia vigente registrada (situação: {status})."),
    "country.laws": ("Laws by topic", "Leyes por tema", "Leis por tema"),
    "country.solutions": ("Cross-cutting solutions", "Soluciones transversales", "Soluções transversais"),
    "country.no_solutions": ("No cross-cutting solution is recorded.", "No hay soluciones transversales registradas.", "Nenhuma solução transversal registrada."),
    "country.indicators": ("Indicators", "Indicadores", "Indicadores"),
    "country.no_indicators": ("No indicator values are recorded for this country.", "No hay valores de indicadores para este país.", "Nenhum valor de indicador registrado para este país."),
    "country.gaps": ("Gap findings", "Brechas detectadas", "Lacunas detectadas"),
    "country.no_gaps": ("No gap findings.", "Sin brechas detectadas.", "Nenhuma lacuna detectada."),
    "country.metric.lead": ("Lead body", "Órgano rector", "Órgão líder"),
    "country.metric.coordination": ("Co-ordination body", "Coordinación", "Coordenação"),
    "country.metric.strategy": ("Current strategy", "Estrategia vigente", "Estratégia vigente"),
    "country.metric.baseline": ("Baseline laws", "Leyes básicas", "Leis básicas"),
    "country.metric.gaps": ("Gap findings", "Brechas", "Lacunas"),
    "country.placement": ("placement", "ubicación", "posição"),
    "country.form": ("form", "forma", "forma"),
    "country.parent": ("part of", "depende de", "vinculado a"),
    "country.role": ("role", "rol", "papel"),
    "country.members": ("members", "miembros", "membros"),
    "country.chair": ("chair", "presidencia", "presidência"),
    "country.period": ("period", "período", "período"),
    "country.adopted_by": ("adopted by", "adoptada por", "adotada por"),
    "country.monitoring": ("monitoring", "seguimiento", "monitoramento"),
    "country.operator": ("operator", "operador", "operador"),
    "country.launched": ("launched", "lanzada", "lançada"),
    "country.assessed": ("assessed {status}", "evaluado {status}", "avaliado {status}"),
    "country.no_laws": ("no instrument recorded", "ningún instrumento registrado", "nenhum instrumento registrado"),
    "country.homepage": ("website ↗", "sitio web ↗", "site ↗"),
    "country.former": ("former", "anterior", "anterior"),
    "country.current": ("current", "vigente", "vigente"),
    "country.event": ("event", "evento", "evento"),
    "country.all_bodies": ("All bodies", "Todos los órganos", "Todos os órgãos"),
    # compare
    "compare.title": ("Compare countries", "Comparar países", "Comparar países"),
    "compare.dimension": ("Matrix", "Matriz", "Matriz"),
    "compare.topics": ("countries × legal topics", "países × temas legales", "países × temas jurídicos"),
    "compare.soltypes": ("countries × solution types", "países × tipos de solución", "países × tipos de solução"),
    "compare.aspects": ("countries × governance aspects", "países × aspectos de gobernanza", "países × aspectos de governança"),
    "compare.year": ("As of year", "Al año", "No ano"),
    "compare.counts": ("present {present} · absent {absent} · unknown {unknown} · not applicable {na}", "presente {present} · ausente {absent} · desconocido {unknown} · no aplica {na}", "presente {present} · ausente {absent} · desconhecido {unknown} · não se aplica {na}"),
    "compare.now_help": (
        "Today: present when the graph holds evidence in force today (a law in force, a solution, a current lead body, co-ordination body or strategy); absent when all recorded evidence has ended; otherwise the curated assessment. The same definition as every other page.",
        "Hoy: presente si el grafo tiene evidencia vigente hoy (una ley vigente, una solución, un órgano rector, instancia de coordinación o estrategia vigente); ausente si toda la evidencia registrada terminó; si no, la evaluación curada. La misma definición que en todas las páginas.",
        "Hoje: presente se o grafo tem evidência vigente hoje (uma lei vigente, uma solução, um órgão líder, instância de coordenação ou estratégia vigente); ausente se toda a evidência registrada terminou; senão, a avaliação curada. A mesma definição de todas as páginas.",
    ),
    "compare.past_help": (
        "As of {year}: present when a dated instrument, solution, mandate or strategy was in force that year; absent when all recorded evidence came later or had ended, or it is assessed absent today; unknown when a start date is not recorded (never counted before a start we do not know).",
        "Al {year}: presente si un instrumento, solución, mandato o estrategia fechado estaba vigente ese año; ausente si toda la evidencia registrada es posterior o ya había terminado, o hoy se evalúa ausente; desconocido si no se registró la fecha de inicio (nunca se cuenta antes de un inicio desconocido).",
        "Em {year}: presente se um instrumento, solução, mandato ou estratégia datado vigorava naquele ano; ausente se toda a evidência registrada é posterior ou já tinha terminado, ou hoje é avaliado ausente; desconhecido se a data de início não foi registrada (nunca contado antes de um início desconhecido).",
    ),
    "compare.matrix": ("matrix", "matriz", "matriz"),
    "compare.empty": ("No country in this subregion.", "Ningún país en esta subregión.", "Nenhum país nesta sub-região."),
    # gaps
    "gaps.title": ("Gap report", "Informe de brechas", "Relatório de lacunas"),
    "gaps.group": ("Group by", "Agrupar por", "Agrupar por"),
    "gaps.by_rule": ("rule", "regla", "regra"),
    "gaps.by_country": ("country", "país", "país"),
    "gaps.severity": ("Severity", "Gravedad", "Gravidade"),
    "gaps.findings": ("findings", "brechas", "lacunas"),
    "gaps.warnings": ("warnings", "advertencias", "alertas"),
    "gaps.infos": ("for information", "informativas", "informativas"),
    "gaps.countries": ("countries affected", "países afectados", "países afetados"),
    "gaps.why": ("Why this rule", "Por qué esta regla", "Por que esta regra"),
    "gaps.motivation": ("Motivating text", "Texto que la motiva", "Texto que a motiva"),
    "gaps.none": ("No findings for this selection.", "Sin brechas para esta selección.", "Nenhuma lacuna para esta seleção."),
    "gaps.pick_country": ("Choose a country above to see its findings grouped by rule.", "Elija un país arriba para ver sus brechas agrupadas por regla.", "Escolha um país acima para ver suas lacunas agrupadas por regra."),
    "gaps.report": ("gap report", "informe de brechas", "relatório de lacunas"),
    "gaps.passage_missing": ("(the passage text is not available on this machine)", "(el texto del pasaje no está disponible en esta máquina)", "(o texto do trecho não está disponível nesta máquina)"),
    # laws
    "laws.title": ("Legal instruments", "Instrumentos jurídicos", "Instrumentos jurídicos"),
    "laws.search": ("Search (title, name, number, IRI)", "Buscar (título, nombre, número, IRI)", "Buscar (título, nome, número, IRI)"),
    "laws.countries": ("Countries", "Países", "Países"),
    "laws.topics": ("Topics", "Temas", "Temas"),
    "laws.types": ("Instrument types", "Tipos de instrumento", "Tipos de instrumento"),
    "laws.statuses": ("In-force status", "Vigencia", "Vigência"),
    "laws.years": ("Years", "Años", "Anos"),
    "laws.count": ("{n} of {total} instruments", "{n} de {total} instrumentos", "{n} de {total} instrumentos"),
    "laws.catalogue": ("legal instruments", "instrumentos jurídicos", "instrumentos jurídicos"),
    "laws.years_help": ("Instruments without a known year are shown only when the full range is selected.", "Los instrumentos sin año conocido se muestran solo con el rango completo.", "Instrumentos sem ano conhecido aparecem só com o intervalo completo."),
    # query library
    "library.title": ("Query library", "Biblioteca de consultas", "Biblioteca de consultas"),
    "library.query": ("Query", "Consulta", "Consulta"),
    "library.parameters": ("Parameters", "Parámetros", "Parâmetros"),
    "library.run": ("Run query", "Ejecutar consulta", "Executar consulta"),
    "library.text": ("SPARQL text", "Texto SPARQL", "Texto SPARQL"),
    "library.any": ("(any)", "(cualquiera)", "(qualquer)"),
    "library.results": ("results", "resultados", "resultados"),
    "library.unknown": ("Unknown query {name!r} in the address; choose one from the list.", "Consulta desconocida {name!r} en la dirección; elija una de la lista.", "Consulta desconhecida {name!r} no endereço; escolha uma da lista."),
    "library.no_params": ("This query has no parameters.", "Esta consulta no tiene parámetros.", "Esta consulta não tem parâmetros."),
    # console
    "console.title": ("SPARQL console", "Consola SPARQL", "Console SPARQL"),
    "console.help": (
        "Read-only SELECT and ASK queries over the union of all named graphs. Every canonical prefix is declared automatically. Updates and federated (SERVICE) queries are refused. A query opened from a link runs only when you press Run.",
        "Consultas SELECT y ASK de solo lectura sobre la unión de todos los grafos nombrados. Todos los prefijos canónicos se declaran automáticamente. Se rechazan las actualizaciones y las consultas federadas (SERVICE). Una consulta abierta desde un enlace solo se ejecuta al pulsar Ejecutar.",
        "Consultas SELECT e ASK somente leitura sobre a união de todos os grafos nomeados. Todos os prefixos canônicos são declarados automaticamente. Atualizações e consultas federadas (SERVICE) são recusadas. Uma consulta aberta a partir de um link só é executada quando você clica em Executar.",
    ),
    "console.query": ("Query", "Consulta", "Consulta"),
    "console.from_link": (
        "This query comes from the link you opened. Read it, then press Run to run it.",
        "Esta consulta viene del enlace que abrió. Léala y pulse Ejecutar para ejecutarla.",
        "Esta consulta vem do link que você abriu. Leia-a e clique em Executar para executá-la.",
    ),
    "console.run": ("Run", "Ejecutar", "Executar"),
    "console.row_limit": ("Row limit", "Límite de filas", "Limite de linhas"),
    "console.time_limit": ("Time limit (s)", "Tiempo límite (s)", "Tempo limite (s)"),
    "console.refused": ("Refused: {reason}", "Rechazada: {reason}", "Recusada: {reason}"),
    "console.syntax": ("SPARQL syntax error at line {line}, column {column}: {message}", "Error de sintaxis SPARQL en la línea {line}, columna {column}: {message}", "Erro de sintaxe SPARQL na linha {line}, coluna {column}: {message}"),
    "console.error": ("The query failed: {message}", "La consulta falló: {message}", "A consulta falhou: {message}"),
    "console.timeout": ("Stopped: the query ran longer than the time limit of {seconds} s.", "Detenida: la consulta superó el tiempo límite de {seconds} s.", "Interrompida: a consulta excedeu o tempo limite de {seconds} s."),
    "console.busy": ("Another query is still running in the console; try again in a moment.", "Otra consulta sigue ejecutándose en la consola; vuelva a intentarlo en un momento.", "Outra consulta ainda está em execução no console; tente de novo em instantes."),
    "console.truncated": ("Showing the first {n} rows (row limit).", "Se muestran las primeras {n} filas (límite de filas).", "Mostrando as primeiras {n} linhas (limite de linhas)."),
    "console.answer": ("Answer: {value}", "Respuesta: {value}", "Resposta: {value}"),
    "console.elapsed": ("{n} rows in {ms} ms", "{n} filas en {ms} ms", "{n} linhas em {ms} ms"),
    "console.result": ("query result", "resultado de la consulta", "resultado da consulta"),
    "console.empty": ("Write a query first.", "Escriba primero una consulta.", "Escreva primeiro uma consulta."),
    # added with the second edition (shared by several pages)
    "common.linked_data": ("linked-data page ↗", "página de datos enlazados ↗", "página de dados ligados ↗"),
    "common.from": ("from {date}", "desde {date}", "desde {date}"),
    "common.start_unknown": ("start not recorded", "inicio no registrado", "início não registrado"),
    "common.date_unknown": ("date not recorded", "fecha no registrada", "data não registrada"),
    "common.skip": ("Skip to the content", "Saltar al contenido", "Pular para o conteúdo"),
    "col.state": ("state", "situación", "situação"),
    "col.period": ("period", "período", "período"),
    "col.date": ("date", "fecha", "data"),
    "col.profile": ("profile", "perfil", "perfil"),
    "col.gazette": ("gazette", "diario oficial", "diário oficial"),
    "table.bodies": ("public bodies", "órganos públicos", "órgãos públicos"),
    "table.mandates": ("mandates", "mandatos", "mandatos"),
    "table.events": ("change events", "eventos de cambio", "eventos de mudança"),
    "table.strategies": ("strategies", "estrategias", "estratégias"),
    "table.laws": ("legal instruments", "instrumentos jurídicos", "instrumentos jurídicos"),
    "table.solutions": ("cross-cutting solutions", "soluciones transversales", "soluções transversais"),
    "table.assessments": ("assessments", "evaluaciones", "avaliações"),
    "table.indicators": ("indicator values", "valores de indicadores", "valores de indicadores"),
    "table.gap-findings": ("gap findings", "brechas detectadas", "lacunas detectadas"),
    "gaps.rule_definition": ("the rule's definition ↗", "definición de la regla ↗", "definição da regra ↗"),
    "gaps.regional": ("(regional, no country)", "(regional, sin país)", "(regional, sem país)"),
    "gaps.open": ("open", "abrir", "abrir"),
    "col.label": ("label", "etiqueta", "rótulo"),
    "severity.Warning": ("Warning", "Advertencia", "Alerta"),
    "severity.Info": ("For information", "Informativa", "Informativa"),
    "severity.Violation": ("Violation", "Infracción", "Violação"),
    "law.published": ("published {date}", "publicada el {date}", "publicada em {date}"),
    "law.status.start-unknown": ("existed, entry into force not known on that date", "existía; entrada en vigor no conocida en esa fecha", "existia; entrada em vigor não conhecida nessa data"),
    "law.status.not-yet-adopted": ("not yet adopted on that date", "aún no adoptada en esa fecha", "ainda não adotada nessa data"),
    "law.issue": ("no. {issue}", "n.º {issue}", "n.º {issue}"),
    "law.status_unknown": ("in-force status not recorded", "vigencia no registrada", "vigência não registrada"),
    "country.not_current": ("not current", "no vigente", "não vigente"),
    "country.start_from_event": ("start taken from the change event", "inicio tomado del evento de cambio", "início tomado do evento de mudança"),
    "country.events": ("Change events", "Eventos de cambio", "Eventos de mudança"),
    "country.laws_help": (
        "Status of each legal topic today (★ baseline topic): present when a law in force covers it, otherwise the curated assessment; the instruments recorded on the topic are listed below it.",
        "Estado de cada tema legal hoy (★ tema básico): presente si lo cubre una ley vigente; si no, la evaluación curada; debajo, los instrumentos registrados sobre el tema.",
        "Situação de cada tema jurídico hoje (★ tema básico): presente se uma lei vigente o cobre; senão, a avaliação curada; abaixo, os instrumentos registrados sobre o tema.",
    ),
    "compare.legend": (
        "Each cell shows a symbol as well as a colour: {present} · {absent} · {unknown} · {not_applicable}.",
        "Cada celda muestra un símbolo además del color: {present} · {absent} · {unknown} · {not_applicable}.",
        "Cada célula mostra um símbolo além da cor: {present} · {absent} · {unknown} · {not_applicable}.",
    ),
    "compare.as_table": ("The matrix as a table (sortable)", "La matriz como tabla (ordenable)", "A matriz como tabela (ordenável)"),
    "brief.open": ("country brief (PDF, HTML) ↗", "ficha de país (PDF, HTML) ↗", "ficha do país (PDF, HTML) ↗"),
    "param.country": ("Country", "País", "País"),
    "param.topic": ("Legal topic", "Tema legal", "Tema jurídico"),
    "param.soltype": ("Solution type", "Tipo de solución", "Tipo de solução"),
    "param.date": ("Date (YYYY-MM-DD)", "Fecha (AAAA-MM-DD)", "Data (AAAA-MM-DD)"),
    "param.year": ("Year", "Año", "Ano"),
    "param.integer": ("Number", "Número", "Número"),
    "param.iri": ("IRI", "IRI", "IRI"),
    "param.string": ("Text", "Texto", "Texto"),
    "param.tier": ("Governance tier", "Nivel de gobierno", "Nível de governo"),
    "tier.national": ("national", "nacional", "nacional"),
    "tier.subnational": ("states and provinces", "estados y provincias", "estados e províncias"),
    "tier.municipal": ("municipalities", "municipios", "municípios"),
    "tier.all": ("every tier", "todos los niveles", "todos os níveis"),
    "library.default_tier": ("(the query's default)", "(el predeterminado de la consulta)", "(o padrão da consulta)"),
    "library.labels": (
        "Each IRI column is followed by a column with its label in the interface language.",
        "Cada columna de IRI va seguida de una columna con su etiqueta en el idioma de la interfaz.",
        "Cada coluna de IRI é seguida de uma coluna com seu rótulo no idioma da interface.",
    ),
}

# reasons the console gives when it refuses a request (see explorer/console.py)
REFUSALS: dict[str, tuple[str, str, str]] = {
    "update": (
        "SPARQL Update ({keyword}) is not allowed: the explorer is read-only",
        "SPARQL Update ({keyword}) no está permitido: el explorador es de solo lectura",
        "SPARQL Update ({keyword}) não é permitido: o explorador é somente leitura",
    ),
    "service": (
        "federated queries (SERVICE) are not allowed",
        "las consultas federadas (SERVICE) no están permitidas",
        "consultas federadas (SERVICE) não são permitidas",
    ),
    "too-large": (
        "the query is too long to be checked",
        "la consulta es demasiado larga para ser verificada",
        "a consulta é longa demais para ser verificada",
    ),
    "form": (
        "only SELECT and ASK queries return tables here",
        "aquí solo las consultas SELECT y ASK devuelven tablas",
        "aqui só consultas SELECT e ASK retornam tabelas",
    ),
}


from explorer.i18n_maturity import TEXT as _MATURITY_TEXT  # noqa: E402 - the Maturity page keeps its own texts

_TEXT.update(_MATURITY_TEXT)


def register(strings: dict[str, tuple[str, str, str]]) -> None:
    """Add a page's interface words (en, es, pt), e.g. from a page module added later.

    A key may be registered once; every entry must have its three languages (tests check that no
    visible string lacks a translation).
    """
    for key, entry in strings.items():
        if key in _TEXT and _TEXT[key] != entry:
            raise ValueError(f"interface text {key!r} registered twice")
        if len(entry) != len(LANGUAGES) or not all(entry):
            raise ValueError(f"interface text {key!r} needs {', '.join(LANGUAGES)}")
        _TEXT[key] = entry


def text(key: str, lang: str, **values) -> str:
    """The interface text for key in lang (English for an unknown language)."""
    entry = _TEXT.get(key) or REFUSALS.get(key)
    if entry is None:
        raise KeyError(f"no interface text {key!r}")
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    template = entry[index] or entry[0]
    return template.format(**values) if values else template


def entries() -> dict[str, tuple[str, str, str]]:
    """Every interface text (key -> en, es, pt), refusals included."""
    return {**_TEXT, **REFUSALS}


def refusal(reason: str, lang: str, **values) -> str:
    entry = REFUSALS[reason]
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return entry[index].format(**values)


def keys() -> list[str]:
    return sorted(_TEXT)
