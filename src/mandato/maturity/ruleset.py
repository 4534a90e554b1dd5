"""The rule set itself: for each of the 22 variables the graph can inform, its rule (rules.py), a
summary of it in English, Spanish and Portuguese, and the gap rules whose findings bear on it.
docs/maturity.md writes the same rules out in prose; a test keeps the two in step.
"""

from __future__ import annotations

from .rules import ANY, INTEROP, SOLTYPE, TOPIC, Rule, gap, r111, r112, r113, r114, r121, r122, r124, r131, r132, r134, r211, r212, r213, r214, r221, r222, r223, r224, r231, r232, r233, r332


def _summary(en: str, es: str, pt: str) -> dict[str, str]:
    return {"en": en, "es": es, "pt": pt}


RULES: dict[str, Rule] = {r.variable: r for r in (
    Rule("1.1.1", _summary(
        "3: a body with a strategic-level mandate, or a decision-making co-ordination body, on a legal basis in force, and a current strategy; 2: such an entity without both; 1: co-ordination body assessed absent.",
        "3: un órgano con mandato estratégico, o una instancia de coordinación decisoria, con base legal vigente, y una estrategia vigente; 2: tal entidad sin ambas; 1: instancia de coordinación evaluada ausente.",
        "3: um órgão com mandato estratégico, ou instância de coordenação decisória, com base legal vigente, e uma estratégia vigente; 2: tal entidade sem ambas; 1: instância de coordenação avaliada ausente."),
        (gap("StrategicLevelShape-absent"), gap("CoordinationBodyShape-absent"), gap("StrategyShape-noCurrent"), gap("StrategyShape-outdated", ANY)), r111),
    Rule("1.1.2", _summary(
        "3: strategic-level mandates cover at least 3 of the 4 groups of powers (co-ordination, policies and strategies, resources, agreements); 2: 1 or 2 groups; 1: co-ordination body assessed absent.",
        "3: mandatos estratégicos cubren al menos 3 de los 4 grupos de atribuciones (coordinación, políticas y estrategias, recursos, acuerdos); 2: 1 o 2 grupos; 1: instancia de coordinación evaluada ausente.",
        "3: mandatos estratégicos cobrem ao menos 3 dos 4 grupos de atribuições (coordenação, políticas e estratégias, recursos, acordos); 2: 1 ou 2 grupos; 1: instância de coordenação avaliada ausente."),
        (gap("StrategicLevelShape-absent"),), r112),
    Rule("1.1.3", _summary(
        "3: a decision-making co-ordination body; 2: advisory co-ordination bodies only; 1: co-ordination body assessed absent.",
        "3: una instancia de coordinación decisoria; 2: solo instancias consultivas; 1: instancia de coordinación evaluada ausente.",
        "3: uma instância de coordenação decisória; 2: apenas instâncias consultivas; 1: instância de coordenação avaliada ausente."),
        (gap("CoordinationBodyShape-absent"), gap("CoordinationBodyShape-advisoryOnly")), r113),
    Rule("1.1.4", _summary(
        "3: the strategic governance entity's legal basis is in force; 2: its recorded legal basis is not in force on the date.",
        "3: la base legal de la entidad de gobernanza estratégica está vigente; 2: la base legal registrada no está vigente en la fecha.",
        "3: a base legal da entidade de governança estratégica está vigente; 2: a base legal registrada não está vigente na data."),
        (gap("MandateShape-legalBasis"), gap("CoordinationBodyShape-legalBasis")), r114),
    Rule("1.2.1", _summary(
        "3: a body holds the lead digital government mandate on a legal basis in force; 2: without one; 1: lead body assessed absent.",
        "3: un órgano ejerce el mandato rector de gobierno digital con base legal vigente; 2: sin ella; 1: órgano rector evaluado ausente.",
        "3: um órgão detém o mandato de liderança do governo digital com base legal vigente; 2: sem ela; 1: órgão líder avaliado ausente."),
        (gap("LeadBodyShape-absent"), gap("LeadBodyShape-unknown"), gap("LeadBodyShape-legalBasis"), gap("LeadBodyShape-multiple")), r121),
    Rule("1.2.2", _summary(
        "3: the lead body holds powers in all 3 groups (regulatory framework or standards, cross-cutting pillars, monitoring and auditing); 2: in 1 or 2; 1: lead body assessed absent.",
        "3: el órgano rector tiene atribuciones en los 3 grupos (marco normativo o estándares, pilares transversales, seguimiento y auditoría); 2: en 1 o 2; 1: órgano rector evaluado ausente.",
        "3: o órgão líder tem atribuições nos 3 grupos (marco normativo ou padrões, pilares transversais, monitoramento e auditoria); 2: em 1 ou 2; 1: órgão líder avaliado ausente."),
        (gap("LeadBodyShape-decisionPower"), gap("LeadBodyShape-enforceStandards")), r122),
    Rule("1.2.4", _summary(
        "3: the lead mandate's legal basis is in force; 2: its recorded legal basis is not in force on the date; 1: lead body assessed absent.",
        "3: la base legal del mandato rector está vigente; 2: la base legal registrada no está vigente en la fecha; 1: órgano rector evaluado ausente.",
        "3: a base legal do mandato de liderança está vigente; 2: a base legal registrada não está vigente na data; 1: órgão líder avaliado ausente."),
        (gap("LeadBodyShape-legalBasis"), gap("LeadBodyShape-absent")), r124),
    Rule("1.3.1", _summary(
        "3: a body holds an operational mandate (implement or operate solutions) on a legal basis in force; 2: without one, or bodies only operate solutions.",
        "3: un órgano tiene un mandato operativo (implementar u operar soluciones) con base legal vigente; 2: sin ella, o solo hay operadores de soluciones.",
        "3: um órgão tem mandato operacional (implementar ou operar soluções) com base legal vigente; 2: sem ela, ou só há operadores de soluções."),
        (gap("SolutionShape-operatorMandate"), gap("SolutionShape-operator")), r131),
    Rule("1.3.2", _summary(
        "3: the operational authority's mandate is in force and it operates at least 2 types of cross-cutting solution; 2: operational powers recorded only in part.",
        "3: el mandato de la autoridad operativa está vigente y opera al menos 2 tipos de soluciones transversales; 2: atribuciones operativas registradas solo en parte.",
        "3: o mandato da autoridade operacional está vigente e ela opera ao menos 2 tipos de soluções transversais; 2: atribuições operacionais registradas só em parte."),
        (gap("SolutionShape-operatorMandate"),), r132),
    Rule("1.3.4", _summary(
        "3: the operational mandate's legal basis is in force; 2: its recorded legal basis is not in force on the date.",
        "3: la base legal del mandato operativo está vigente; 2: la base legal registrada no está vigente en la fecha.",
        "3: a base legal do mandato operacional está vigente; 2: a base legal registrada não está vigente na data."),
        (gap("MandateShape-legalBasis"),), r134),
    Rule("2.1.1", _summary(
        "3: an instrument on interoperability in force; 2: an interoperability platform without one; 1: interoperability legislation assessed absent.",
        "3: un instrumento sobre interoperabilidad vigente; 2: una plataforma de interoperabilidad sin él; 1: legislación de interoperabilidad evaluada ausente.",
        "3: um instrumento sobre interoperabilidade vigente; 2: uma plataforma de interoperabilidade sem ele; 1: legislação de interoperabilidade avaliada ausente."),
        (gap("InteroperabilityShape-legalFramework", ANY),), r211),
    Rule("2.1.2", _summary(
        "3: a platform records the organisational level, or a body holds an interoperability governance mandate; 2: a platform without it; 1: platform assessed absent.",
        "3: una plataforma registra el nivel organizacional, o un órgano tiene mandato de gobernanza de la interoperabilidad; 2: una plataforma sin ello; 1: plataforma evaluada ausente.",
        "3: uma plataforma registra o nível organizacional, ou um órgão tem mandato de governança da interoperabilidade; 2: uma plataforma sem isso; 1: plataforma avaliada ausente."),
        (gap("InteroperabilityShape-levels", INTEROP["organisational"]),), r212),
    Rule("2.1.3", _summary(
        "3: a platform records the semantic level; 2: a platform without it; 1: platform assessed absent.",
        "3: una plataforma registra el nivel semántico; 2: una plataforma sin él; 1: plataforma evaluada ausente.",
        "3: uma plataforma registra o nível semântico; 2: uma plataforma sem ele; 1: plataforma avaliada ausente."),
        (gap("InteroperabilityShape-levels", INTEROP["semantic"]),), r213),
    Rule("2.1.4", _summary(
        "3: an interoperability platform operates; 1: platform assessed absent.",
        "3: opera una plataforma de interoperabilidad; 1: plataforma evaluada ausente.",
        "3: opera uma plataforma de interoperabilidade; 1: plataforma avaliada ausente."),
        (gap("InteroperabilityShape-levels", INTEROP["technical"]), gap("SolutionTypeShape-absent", SOLTYPE["interoperability-platform"])), r214),
    Rule("2.2.1", _summary(
        "3: a single window operates; 2: other online service solutions without one; 1: single window assessed absent.",
        "3: opera una ventanilla única; 2: otras soluciones de servicios en línea sin ella; 1: ventanilla única evaluada ausente.",
        "3: opera um balcão único; 2: outras soluções de serviços on-line sem ele; 1: balcão único avaliado ausente."),
        (gap("SolutionTypeShape-absent", SOLTYPE["single-window"]),), r221),
    Rule("2.2.2", _summary(
        "3: a single window with a personal digital file or digital notifications; 2: a single window alone; 1: single window assessed absent.",
        "3: una ventanilla única con carpeta digital personal o notificaciones digitales; 2: solo la ventanilla única; 1: ventanilla única evaluada ausente.",
        "3: um balcão único com pasta digital pessoal ou notificações digitais; 2: só o balcão único; 1: balcão único avaliado ausente."),
        (gap("SolutionTypeShape-absent", SOLTYPE["single-window"], SOLTYPE["personal-digital-file"], SOLTYPE["digital-notifications"]),), r222),
    Rule("2.2.3", _summary(
        "3: a personal digital file operates; 2: base registries without one; 1: personal digital file assessed absent.",
        "3: opera una carpeta digital personal; 2: registros base sin ella; 1: carpeta digital personal evaluada ausente.",
        "3: opera uma pasta digital pessoal; 2: registros de base sem ela; 1: pasta digital pessoal avaliada ausente."),
        (gap("SolutionTypeShape-absent", SOLTYPE["personal-digital-file"]),), r223),
    Rule("2.2.4", _summary(
        "3: digital notifications (the digital domicile) operate on a legal basis in force; 2: without one; 1: assessed absent.",
        "3: operan notificaciones digitales (el domicilio digital) con base legal vigente; 2: sin ella; 1: evaluadas ausentes.",
        "3: operam notificações digitais (o domicílio digital) com base legal vigente; 2: sem ela; 1: avaliadas ausentes."),
        (gap("SolutionShape-legalBasis"), gap("SolutionTypeShape-absent", SOLTYPE["digital-notifications"])), r224),
    Rule("2.3.1", _summary(
        "3: a digital identity operates on a legal basis or instrument in force; 2: only the solution or only the instrument; 1: digital identity assessed absent.",
        "3: opera una identidad digital con base legal o instrumento vigente; 2: solo la solución o solo el instrumento; 1: identidad digital evaluada ausente.",
        "3: opera uma identidade digital com base legal ou instrumento vigente; 2: só a solução ou só o instrumento; 1: identidade digital avaliada ausente."),
        (gap("DigitalIdentityShape-dataProtection"), gap("SolutionShape-legalBasis"), gap("SolutionTypeShape-absent", SOLTYPE["digital-identity"])), r231),
    Rule("2.3.2", _summary(
        "3: a digital signature instrument in force and a digital signature solution (PKI); 2: only one of them; 1: signature legislation assessed absent.",
        "3: un instrumento de firma digital vigente y una solución de firma digital (PKI); 2: solo uno de ellos; 1: legislación de firma evaluada ausente.",
        "3: um instrumento de assinatura digital vigente e uma solução de assinatura digital (ICP); 2: só um deles; 1: legislação de assinatura avaliada ausente."),
        (gap("SignatureLawShape-noPki", ANY), gap("DigitalSignatureShape-law", ANY), gap("BaselineTopicShape-absent", TOPIC["digital-signature"])), r232),
    Rule("2.3.3", _summary(
        "3: a cybersecurity instrument in force and a CSIRT or incident-response mandate; 2: only one of them; 1: cybersecurity legislation assessed absent.",
        "3: un instrumento de ciberseguridad vigente y un CSIRT o mandato de respuesta a incidentes; 2: solo uno de ellos; 1: legislación de ciberseguridad evaluada ausente.",
        "3: um instrumento de cibersegurança vigente e um CSIRT ou mandato de resposta a incidentes; 2: só um deles; 1: legislação de cibersegurança avaliada ausente."),
        (gap("BaselineTopicShape-absent", TOPIC["cybersecurity"]), gap("SolutionTypeShape-absent", SOLTYPE["csirt"])), r233),
    Rule("3.3.2", _summary(
        "3: a current digital government strategy with a monitoring instrument (dashboard, indicators); 2: a current strategy without one.",
        "3: una estrategia de gobierno digital vigente con instrumento de seguimiento (tablero, indicadores); 2: una estrategia vigente sin él.",
        "3: uma estratégia de governo digital vigente com instrumento de monitoramento (painel, indicadores); 2: uma estratégia vigente sem ele."),
        (gap("StrategyShape-monitoring"), gap("StrategyShape-noCurrent"), gap("StrategyShape-outdated", ANY)), r332),
)}

NOT_INFORMED = _summary(
    "The graph records no facts about this variable (methods, manuals, culture, innovation, portfolio, budget or staff management); only an assessor can score it.",
    "El grafo no registra hechos sobre esta variable (métodos, manuales, cultura, innovación, cartera, presupuesto o personal); solo un evaluador puede puntuarla.",
    "O grafo não registra fatos sobre esta variável (métodos, manuais, cultura, inovação, carteira, orçamento ou pessoal); só um avaliador pode pontuá-la.",
)
