"""The directory's reference taxonomies and search thesaurus, as data, and their loader.

Four taxonomies describe a service: the needs it meets (behov), the sector it belongs to
(sektorer), the ages it serves (aldersgrupper) and how to get in (tilgang). Every taxonomy and
term has a fixed UUID, so ids stay the same on every installation and in every HSDS export.

The thesaurus maps the words people actually use ("deppa", "slått hjemme", "skule", "anxiety",
common misspellings) to need codes; search expands a query with it. Administrators extend it in
the admin; loading again updates the seeded phrases and leaves added ones alone.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from directory.models import Taxonomy, TaxonomyTerm, ThesaurusEntry
from directory.selectors import THESAURUS_CACHE_KEY
from units.models import Sector

LANGUAGE = "nb"
VERSION = "2026.1"


class TaxonomySeed(NamedTuple):
    id: uuid.UUID
    key: str
    name: str
    description: str
    name_en: str
    description_en: str


class TermSeed(NamedTuple):
    id: uuid.UUID
    code: str
    name: str
    description: str
    name_en: str
    description_en: str


class SectorSeed(NamedTuple):
    """A sector term; its English name is the label of `units.models.Sector`."""

    id: uuid.UUID
    sector: Sector
    name: str
    description: str
    description_en: str


class AgeBandSeed(NamedTuple):
    id: uuid.UUID
    code: str
    low: int
    high: int
    name: str
    description: str
    name_en: str
    description_en: str


TAXONOMIES: tuple[TaxonomySeed, ...] = (
    TaxonomySeed(
        uuid.UUID("dba1c088-6626-4be5-8c0f-60bbb44f5139"),
        "need",
        "Behov",
        "Hva tjenesten kan hjelpe med, sagt slik barn, unge og foreldre sier det.",
        "Needs",
        "What the service can help with, in the words children, young people and parents use.",
    ),
    TaxonomySeed(
        uuid.UUID("26e44391-0eda-45fc-89cf-825ccc0f7bec"),
        "sector",
        "Sektorer",
        "Hvilken del av hjelpeapparatet tjenesten hører til.",
        "Sectors",
        "Which part of the public and voluntary services the service belongs to.",
    ),
    TaxonomySeed(
        uuid.UUID("3d1ea60c-82e5-4a78-a01b-1d6cc8c46e67"),
        "age",
        "Aldersgrupper",
        "Hvilke aldre tjenesten er for, i grupper som følger barnehage, skole og overgangen til "
        "voksenlivet.",
        "Age bands",
        "Which ages the service is for, in bands that follow kindergarten, school and the move "
        "into adult life.",
    ),
    TaxonomySeed(
        uuid.UUID("6f6d3a72-414a-4b8d-950a-43f3235dc61c"),
        "access",
        "Tilgang",
        "Hvordan du kommer i kontakt med tjenesten: selv, med henvisning, via fastlegen eller "
        "via skolen og barnehagen.",
        "Access routes",
        "How you get in touch with the service: yourself, by referral, through your GP or "
        "through school and kindergarten.",
    ),
)
TAXONOMY_IDS: dict[str, uuid.UUID] = {seed.key: seed.id for seed in TAXONOMIES}

NEEDS: tuple[TermSeed, ...] = (
    TermSeed(
        uuid.UUID("b19e6e1d-5f6b-4e6e-808b-4fdfd11d67bc"),
        "need:mental-health",
        "Psykisk helse",
        "Når du er lei deg, redd, urolig, stresset eller har tunge tanker.",
        "Mental health",
        "When you feel sad, afraid, anxious, stressed or have dark thoughts.",
    ),
    TermSeed(
        uuid.UUID("ed7f9ccc-55af-4f91-88cb-3b84188a0978"),
        "need:school-absence",
        "Skolefravær",
        "Når det er vanskelig å komme seg på skolen, eller fraværet blir stort.",
        "School absence",
        "When it is hard to get to school, or absence is building up.",
    ),
    TermSeed(
        uuid.UUID("e015adad-7ca3-4d89-90dc-8a4878eecfd7"),
        "need:learning",
        "Læring og tilrettelegging",
        "Lese- og skrivevansker, konsentrasjon og ekstra hjelp i barnehagen eller på skolen.",
        "Learning and support",
        "Reading and writing difficulties, concentration and extra help in kindergarten or "
        "at school.",
    ),
    TermSeed(
        uuid.UUID("3cb9a57b-caec-42e5-9e18-6bea9b95e923"),
        "need:bullying",
        "Mobbing og utenforskap",
        "Når noen plager deg, holder deg utenfor eller krenker deg – på skolen eller på nett.",
        "Bullying and exclusion",
        "When someone harasses you, leaves you out or hurts you – at school or online.",
    ),
    TermSeed(
        uuid.UUID("2eaade96-8e42-4aa3-9d9c-b9f331a05d99"),
        "need:violence-abuse",
        "Vold og overgrep",
        "Når noen slår, truer eller gjør deg noe seksuelt du ikke vil – hjemme eller andre steder.",
        "Violence and abuse",
        "When someone hits you, threatens you or does something sexual to you that you do not "
        "want – at home or elsewhere.",
    ),
    TermSeed(
        uuid.UUID("9b0e4a24-37e8-4b79-b7e6-cb53eb7310ba"),
        "need:substance-use",
        "Rus",
        "Alkohol, hasj og andre rusmidler – for deg selv eller når noen i familien ruser seg.",
        "Alcohol and drugs",
        "Alcohol, cannabis and other drugs – your own use, or when someone in your family uses.",
    ),
    TermSeed(
        uuid.UUID("c82d33d2-6c62-4ed5-a80a-b61eda8f2fd8"),
        "need:family-support",
        "Familie og foreldrestøtte",
        "Krangling hjemme, samlivsbrudd, og råd og støtte til deg som er forelder.",
        "Family and parenting support",
        "Conflict at home, separation, and advice and support for parents.",
    ),
    TermSeed(
        uuid.UUID("3996e62e-9bac-4ac9-a03d-4005ef11e47a"),
        "need:money-housing",
        "Penger og bolig",
        "Når pengene ikke strekker til, du har gjeld eller ikke har et trygt sted å bo.",
        "Money and housing",
        "When money does not stretch, you are in debt or have no safe place to live.",
    ),
    TermSeed(
        uuid.UUID("6f57369f-5274-4014-b175-a78e8edb546d"),
        "need:language-integration",
        "Språk og ny i Norge",
        "Lære norsk, tolk, og hjelp til å finne deg til rette når du er ny i Norge.",
        "Language and new in Norway",
        "Learning Norwegian, interpreters, and help settling in when you are new in Norway.",
    ),
    TermSeed(
        uuid.UUID("6e88fea9-6060-441a-b521-d4e7bde8ce76"),
        "need:disability",
        "Funksjonsnedsettelse",
        "Hjelp og tilrettelegging når du har en funksjonsnedsettelse, diagnose eller kronisk "
        "sykdom.",
        "Disability",
        "Help and adjustments when you have a disability, a diagnosis or a chronic illness.",
    ),
    TermSeed(
        uuid.UUID("decaccbf-1424-4ce4-bd1a-c44b00908795"),
        "need:physical-health",
        "Kropp og helse",
        "Sykdom, skader, vekst, tenner, søvn og spørsmål om kroppen.",
        "Physical health",
        "Illness, injuries, growth, teeth, sleep and questions about your body.",
    ),
    TermSeed(
        uuid.UUID("2e66c211-c2b4-49c4-a18c-ccaaf88fa231"),
        "need:sexual-health",
        "Seksuell helse og prevensjon",
        "Prevensjon, graviditet, kjønnssykdommer, kjønnsidentitet og seksualitet.",
        "Sexual health and contraception",
        "Contraception, pregnancy, sexually transmitted infections, gender identity and sexuality.",
    ),
    TermSeed(
        uuid.UUID("fe1e05ab-614f-4e22-927b-5990f4ded1e0"),
        "need:leisure",
        "Fritid og venner",
        "Noe å gjøre på fritiden, steder å møte andre og hjelp til å bli med på aktiviteter.",
        "Leisure and friends",
        "Things to do in your free time, places to meet others and help to join activities.",
    ),
    TermSeed(
        uuid.UUID("a896c296-829c-4660-8afb-3a1e467abd17"),
        "need:work-activity",
        "Jobb og aktivitet",
        "Finne jobb, læreplass eller noe å gjøre når du ikke er på skole eller i arbeid.",
        "Work and activity",
        "Finding a job, an apprenticeship or something to do when you are out of school and work.",
    ),
    TermSeed(
        uuid.UUID("3e25333b-79a8-4735-adb4-98f1fafacb3f"),
        "need:legal-help",
        "Rettigheter og juridisk hjelp",
        "Hva du har rett til, hvordan du klager, og hjelp når du har vært i kontakt med politiet.",
        "Rights and legal help",
        "What you are entitled to, how to complain, and help when you have been in contact with "
        "the police.",
    ),
    TermSeed(
        uuid.UUID("34a6c2f2-454e-4902-823b-b1c2d8b86da2"),
        "need:crisis",
        "Akutt krise – hjelp nå",
        "Når noe er farlig eller ikke kan vente. Er det fare for liv, ring 113 (ambulanse) eller "
        "112 (politi).",
        "Acute crisis – help now",
        "When something is dangerous or cannot wait. If a life is in danger, call 113 "
        "(ambulance) or 112 (police).",
    ),
)
NEED_CODES: tuple[str, ...] = tuple(seed.code for seed in NEEDS)

SECTORS: tuple[SectorSeed, ...] = (
    SectorSeed(
        uuid.UUID("e9035c61-8543-4239-8655-2208bab3a3c1"),
        Sector.KINDERGARTEN,
        "Barnehage",
        "Barnehagene i kommunen, kommunale og private.",
        "The municipality's kindergartens, public and private.",
    ),
    SectorSeed(
        uuid.UUID("6b8d80f7-c337-42b0-a9e3-ee9c1f3ad079"),
        Sector.PRIMARY_SCHOOL,
        "Barneskole",
        "Skolen fra 1. til 7. trinn, med skolefritidsordningen (SFO).",
        "School from year 1 to 7, with after-school care (SFO).",
    ),
    SectorSeed(
        uuid.UUID("12bb3da3-200e-4981-b7cb-d5d98a6548d6"),
        Sector.LOWER_SECONDARY,
        "Ungdomsskole",
        "Skolen fra 8. til 10. trinn.",
        "School from year 8 to 10.",
    ),
    SectorSeed(
        uuid.UUID("c24bf37e-6f4d-4074-8b7f-9cb7688cda9f"),
        Sector.UPPER_SECONDARY,
        "Videregående skole",
        "Videregående opplæring i skole og bedrift, som fylkeskommunen har ansvaret for.",
        "Upper secondary education in school and apprenticeships, run by the county.",
    ),
    SectorSeed(
        uuid.UUID("0a41048d-d1bc-4806-8201-4291b1a36656"),
        Sector.PPT,
        "Pedagogisk-psykologisk tjeneste (PPT)",
        "Utreder og gir råd når barn og elever trenger ekstra hjelp til læring og utvikling.",
        "Assesses and advises when children and pupils need extra help with learning and "
        "development.",
    ),
    SectorSeed(
        uuid.UUID("216ec58a-9998-4c4f-b7f4-b0718ffc7cba"),
        Sector.HEALTH_STATION,
        "Helsestasjon og skolehelsetjeneste",
        "Helsesykepleiere, jordmødre og leger som følger barn og unge fra fødsel til og med "
        "videregående.",
        "Public health nurses, midwives and doctors who follow children and young people from "
        "birth through upper secondary school.",
    ),
    SectorSeed(
        uuid.UUID("33cd7da8-d62e-416d-84bf-24df28dee00e"),
        Sector.CHILD_WELFARE,
        "Barnevernstjenesten",
        "Hjelper barn og familier når omsorgen hjemme ikke er god nok, og tar imot "
        "bekymringsmeldinger.",
        "Helps children and families when care at home is not good enough, and receives "
        "reports of concern.",
    ),
    SectorSeed(
        uuid.UUID("45b0a850-86da-40de-868d-efe720e3acb0"),
        Sector.NAV,
        "NAV",
        "Arbeid, økonomisk hjelp, bolig og veiledning – statlig og kommunalt i ett kontor.",
        "Work, financial help, housing and guidance – state and municipal services in one office.",
    ),
    SectorSeed(
        uuid.UUID("8e7a2b02-f128-432a-8c32-b45616c1d466"),
        Sector.MENTAL_HEALTH,
        "Psykisk helse- og rustjeneste",
        "Kommunens samtaletilbud, kurs og oppfølging for psykisk helse og rus.",
        "The municipality's counselling, courses and follow-up for mental health and "
        "substance use.",
    ),
    SectorSeed(
        uuid.UUID("e18084aa-b62e-47bf-8ccb-5757f8abe4ce"),
        Sector.REFUGEE,
        "Flyktning- og integreringstjeneste",
        "Bosetting, introduksjonsprogram og norskopplæring for flyktninger og deres familier.",
        "Settlement, the introduction programme and Norwegian training for refugees and their "
        "families.",
    ),
    SectorSeed(
        uuid.UUID("26c7ad42-d0fd-43f1-b989-85785d8015a9"),
        Sector.FOLLOW_UP_SERVICE,
        "Oppfølgingstjenesten (OT)",
        "Fylkeskommunens tjeneste for ungdom som ikke går på skole, ikke har læreplass og ikke "
        "er i jobb.",
        "The county's service for young people who are not in school, an apprenticeship or work.",
    ),
    SectorSeed(
        uuid.UUID("a14ccf2c-e17f-4e35-b027-bfe95c210484"),
        Sector.CULTURE_LEISURE,
        "Kultur og fritid",
        "Fritidsklubber, kulturskole, aktiviteter og støtte til å delta.",
        "Youth clubs, the culture school, activities and support to take part.",
    ),
    SectorSeed(
        uuid.UUID("fd9083d9-3dfd-4212-a9fb-602edc01a029"),
        Sector.POLICE_SLT,
        "Politi og SLT",
        "Forebyggende politi og samordning av lokale rus- og kriminalitetsforebyggende tiltak "
        "(SLT).",
        "Preventive policing and coordination of local crime and substance-use prevention (SLT).",
    ),
    SectorSeed(
        uuid.UUID("2303605f-d275-4781-aed0-1e4edecaff62"),
        Sector.SPECIALIST_BUP,
        "Psykisk helsevern for barn og unge (BUP)",
        "Sykehusets poliklinikker for utredning og behandling av psykiske vansker hos barn og "
        "unge.",
        "The hospital's outpatient clinics for assessment and treatment of mental health "
        "problems in children and young people.",
    ),
    SectorSeed(
        uuid.UUID("231f0a1d-b5ce-4bd0-8114-88bbf841d59c"),
        Sector.STATPED,
        "Statped",
        "Statlig spesialpedagogisk støtte til kommuner og fylkeskommuner, via PPT.",
        "State special-needs education support to municipalities and counties, through PPT.",
    ),
    SectorSeed(
        uuid.UUID("ebe64485-60b1-48de-a201-c07b1fc36385"),
        Sector.FAMILY_COUNSELLING,
        "Familievernet",
        "Samtaler for par og familier, og mekling når foreldre flytter fra hverandre.",
        "Counselling for couples and families, and mediation when parents separate.",
    ),
    SectorSeed(
        uuid.UUID("a90216bf-a91a-440d-8d76-775bf50bab45"),
        Sector.OTHER,
        "Andre tjenester",
        "Legevakt, fastlege, tannhelse, krisesenter, frivillige organisasjoner og andre.",
        "Out-of-hours medical services, GPs, dental care, shelters, voluntary organisations "
        "and others.",
    ),
)

AGE_BANDS: tuple[AgeBandSeed, ...] = (
    AgeBandSeed(
        uuid.UUID("6d517094-3a6d-4937-b625-b4d78d6fa95b"),
        "age:0-5",
        0,
        5,
        "0–5 år",
        "Små barn og barn i barnehagealder.",
        "Age 0–5",
        "Infants and children of kindergarten age.",
    ),
    AgeBandSeed(
        uuid.UUID("7087ee80-5d70-4558-baa5-57ca51e37bf0"),
        "age:6-12",
        6,
        12,
        "6–12 år",
        "Barn i barneskolealder.",
        "Age 6–12",
        "Children of primary school age.",
    ),
    AgeBandSeed(
        uuid.UUID("836919c8-693d-4709-b388-f8692910d8f2"),
        "age:13-15",
        13,
        15,
        "13–15 år",
        "Ungdom i ungdomsskolealder.",
        "Age 13–15",
        "Young people of lower secondary school age.",
    ),
    AgeBandSeed(
        uuid.UUID("2c3e2f0f-4eac-4671-8f87-3f33a2d17bf5"),
        "age:16-18",
        16,
        18,
        "16–18 år",
        "Ungdom i videregående alder.",
        "Age 16–18",
        "Young people of upper secondary school age.",
    ),
    AgeBandSeed(
        uuid.UUID("078b4d9a-f6b2-4f48-a754-6d90aa8c8b8a"),
        "age:19-24",
        19,
        24,
        "19–24 år",
        "Unge voksne på vei inn i utdanning, arbeid og eget hjem.",
        "Age 19–24",
        "Young adults on their way into education, work and a home of their own.",
    ),
)

ACCESS_ROUTES: tuple[TermSeed, ...] = (
    TermSeed(
        uuid.UUID("6a64a293-ecc9-4e79-bd35-f839db010ab3"),
        "access:self-referral",
        "Du kan ta kontakt selv",
        "Du trenger ingen henvisning. Ring, skriv eller kom innom.",
        "You can contact them yourself",
        "No referral needed. Call, write or drop in.",
    ),
    TermSeed(
        uuid.UUID("9d3545f1-81f3-4bb9-8bdd-026e1869034d"),
        "access:referral",
        "Henvisning fra annen tjeneste",
        "En annen tjeneste, for eksempel barnevernet, PPT eller NAV, sender en henvisning.",
        "Referral from another service",
        "Another service, such as child welfare, PPT or NAV, sends a referral.",
    ),
    TermSeed(
        uuid.UUID("670b89ff-99bc-4fff-9214-9e889f45acf9"),
        "access:gp",
        "Via fastlegen",
        "Fastlegen din vurderer hva du trenger og henviser deg.",
        "Through your GP",
        "Your GP assesses what you need and refers you.",
    ),
    TermSeed(
        uuid.UUID("da607eb8-0fba-4c26-a0fe-7daa92af829b"),
        "access:school",
        "Via skolen eller barnehagen",
        "Snakk med kontaktlæreren, rådgiveren eller barnehagen, så tar de det videre med deg.",
        "Through school or kindergarten",
        "Talk to your teacher, the school counsellor or the kindergarten, and they will take "
        "it further with you.",
    ),
)

# Everyday words and phrases → need codes. Lower case; young people's words, nynorsk and dialect
# forms, English words and common misspellings are all here on purpose.
MH = "need:mental-health"
SA = "need:school-absence"
LE = "need:learning"
BU = "need:bullying"
VA = "need:violence-abuse"
SU = "need:substance-use"
FS = "need:family-support"
MO = "need:money-housing"
LA = "need:language-integration"
DI = "need:disability"
PH = "need:physical-health"
SE = "need:sexual-health"
LS = "need:leisure"
WO = "need:work-activity"
LH = "need:legal-help"
CR = "need:crisis"

THESAURUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Mental health
    ("angst", (MH,)),
    ("angstanfall", (MH,)),
    ("panikkanfall", (MH,)),
    ("deppa", (MH,)),
    ("deppet", (MH,)),
    ("deprimert", (MH,)),
    ("depremert", (MH,)),
    ("depresjon", (MH,)),
    ("lei meg", (MH,)),
    ("trist", (MH,)),
    ("føler meg dritt", (MH,)),
    ("alt er kjipt", (MH,)),
    ("ingen bryr seg", (MH, LS)),
    ("klarer ikke mer", (MH, CR)),
    ("orker ikke mer", (MH, CR)),
    ("orke itj mer", (MH, CR)),
    ("klarar ikkje meir", (MH, CR)),
    ("selvmordstanker", (MH, CR)),
    ("selmordstanker", (MH, CR)),
    ("sjølvmordstankar", (MH, CR)),
    ("vil ikke leve", (MH, CR)),
    ("eg vil ikkje leve", (MH, CR)),
    ("tenker på å dø", (MH, CR)),
    ("kutter meg", (MH, CR)),
    ("selvskading", (MH, CR)),
    ("skader meg selv", (MH, CR)),
    ("spiseforstyrrelse", (MH, PH)),
    ("spiser ikke", (MH, PH)),
    ("anoreksi", (MH, PH)),
    ("stress", (MH,)),
    ("stressa", (MH,)),
    ("prestasjonspress", (MH, SA)),
    ("sover dårlig", (MH, PH)),
    ("ensom", (MH, LS)),
    ("einsam", (MH, LS)),
    ("ensomhet", (MH, LS)),
    ("tunge tanker", (MH,)),
    ("psykolog", (MH,)),
    ("psykisk helse", (MH,)),
    ("sorg", (MH,)),
    ("dumpet", (MH,)),
    ("slo opp", (MH,)),
    ("traume", (MH, VA)),
    ("anxiety", (MH,)),
    ("depressed", (MH,)),
    ("lonely", (MH, LS)),
    ("self harm", (MH, CR)),
    # School absence and learning
    ("skulker", (SA,)),
    ("skulke", (SA,)),
    ("skolevegring", (SA, MH)),
    ("skulevegring", (SA, MH)),
    ("vil ikke gå på skolen", (SA, MH)),
    ("drittlei skolen", (SA,)),
    ("mye fravær", (SA,)),
    ("droppe ut", (SA, WO)),
    ("sluttet på skolen", (SA, WO)),
    ("skule", (SA, LE)),
    ("sliter på skolen", (LE, SA)),
    ("dysleksi", (LE,)),
    ("dyslexi", (LE,)),
    ("lese- og skrivevansker", (LE,)),
    ("lesevansker", (LE,)),
    ("dyskalkuli", (LE,)),
    ("konsentrasjon", (LE,)),
    ("adhd", (LE, DI, MH)),
    ("spesialundervisning", (LE, DI)),
    ("ekstra hjelp på skolen", (LE,)),
    ("leksehjelp", (LE, LS)),
    ("dårlige karakterer", (LE,)),
    ("ppt", (LE,)),
    ("homework", (LE,)),
    # Bullying
    ("mobba", (BU,)),
    ("mobbet", (BU,)),
    ("mobbing", (BU,)),
    ("mobing", (BU,)),
    ("nettmobbing", (BU,)),
    ("mobba på skulen", (BU,)),
    ("utestengt", (BU, LS)),
    ("holdt utenfor", (BU, LS)),
    ("ingen å være med", (BU, LS, MH)),
    ("bullied", (BU,)),
    ("bullying", (BU,)),
    # Violence and abuse
    ("slått hjemme", (VA, FS, CR)),
    ("blir slått", (VA, CR)),
    ("slått", (VA,)),
    ("slått heime", (VA, FS, CR)),
    ("slår", (VA,)),
    ("slår meg", (VA, CR)),
    ("slo meg", (VA, CR)),
    ("hits me", (VA, CR)),
    ("hit me", (VA, CR)),
    ("vold", (VA,)),
    ("vald", (VA,)),
    ("vold i hjemmet", (VA, FS)),
    ("redd hjemme", (VA, FS, CR)),
    ("overgrep", (VA,)),
    ("seksuelle overgrep", (VA, SE)),
    ("voldtekt", (VA, SE, CR)),
    ("voldtatt", (VA, SE, CR)),
    ("valdtekt", (VA, SE, CR)),
    ("tvangsekteskap", (VA, CR)),
    ("omsorgssvikt", (VA, FS)),
    ("nakenbilder", (VA, SE)),
    ("presset til å sende bilder", (VA, SE)),
    ("abuse", (VA,)),
    ("violence", (VA,)),
    # Substance use
    ("rus", (SU,)),
    ("hasj", (SU,)),
    ("weed", (SU,)),
    ("fyll", (SU,)),
    ("drikker", (SU,)),
    ("alkohol", (SU,)),
    ("dop", (SU,)),
    ("pappa drikker", (SU, FS)),
    ("mamma drikker", (SU, FS)),
    ("drugs", (SU,)),
    ("alcohol", (SU,)),
    # Family
    ("foreldre krangler", (FS,)),
    ("foreldra kranglar", (FS,)),
    ("trøbbel heime", (FS,)),
    ("skilsmisse", (FS,)),
    ("skille seg", (FS,)),
    ("skiller seg", (FS,)),
    ("skillsmisse", (FS,)),
    ("samlivsbrudd", (FS,)),
    ("mekling", (FS,)),
    ("foreldreveiledning", (FS,)),
    ("barnevernet", (FS, VA)),
    ("syk forelder", (FS, MH)),
    ("baby gråter mye", (FS, PH)),
    ("divorce", (FS,)),
    ("parenting", (FS,)),
    # Money and housing
    ("penger", (MO,)),
    ("ikkje pengar", (MO,)),
    ("gjeld", (MO,)),
    ("bolig", (MO,)),
    ("bostøtte", (MO,)),
    ("husleie", (MO,)),
    ("kastet ut", (MO, CR)),
    ("ikke noe sted å bo", (MO, CR)),
    ("sosialhjelp", (MO,)),
    ("homeless", (MO, CR)),
    ("money", (MO,)),
    # Language and integration
    ("språk", (LA,)),
    ("norskkurs", (LA,)),
    ("lære norsk", (LA,)),
    ("flyktning", (LA,)),
    ("ny i norge", (LA,)),
    ("tolk", (LA,)),
    ("enslig mindreårig", (LA, FS)),
    ("refugee", (LA,)),
    ("learn norwegian", (LA,)),
    # Disability
    ("funksjonsnedsettelse", (DI,)),
    ("funksjonshemmet", (DI,)),
    ("rullestol", (DI,)),
    ("autisme", (DI, LE)),
    ("utviklingshemming", (DI,)),
    ("avlastning", (DI, FS)),
    ("individuell plan", (DI, FS)),
    ("barnekoordinator", (DI, FS)),
    ("autism", (DI, LE)),
    ("disability", (DI,)),
    # Physical health
    ("lege", (PH,)),
    ("fastlege", (PH,)),
    ("syk", (PH,)),
    ("tannlege", (PH,)),
    ("helsesykepleier", (PH, MH, SE)),
    ("helsesøster", (PH, MH, SE)),
    ("helsesjukepleiar", (PH, MH, SE)),
    ("school nurse", (PH, MH, SE)),
    ("doctor", (PH,)),
    # Sexual health
    ("prevensjon", (SE,)),
    ("prefensjon", (SE,)),
    ("p-piller", (SE,)),
    ("angrepille", (SE, PH)),
    ("gravid", (SE, PH)),
    ("graviditet", (SE, PH)),
    ("kjønnssykdom", (SE,)),
    ("kjønsykdom", (SE,)),
    ("klamydia", (SE,)),
    ("kjønnsidentitet", (SE, MH)),
    ("skeiv", (SE, MH)),
    ("contraception", (SE,)),
    ("pregnant", (SE, PH)),
    # Leisure
    ("fritid", (LS,)),
    ("trening", (LS, PH)),
    ("venner", (LS,)),
    ("fritidsklubb", (LS,)),
    ("kjeder meg", (LS,)),
    ("friends", (LS,)),
    # Work and activity
    ("jobb", (WO,)),
    ("trenger jobb", (WO,)),
    ("sommerjobb", (WO,)),
    ("læreplass", (WO, LE)),
    ("arbeidsledig", (WO,)),
    ("nav", (WO, MO)),
    ("job", (WO,)),
    # Legal help
    ("advokat", (LH,)),
    ("rettigheter", (LH,)),
    ("retigheter", (LH,)),
    ("klage", (LH,)),
    ("anmelde", (LH, VA)),
    ("politiet", (LH, CR)),
    ("ungdomsstraff", (LH,)),
    ("lawyer", (LH,)),
    # Crisis
    ("krise", (CR,)),
    ("akutt", (CR,)),
    ("hjelp nå", (CR,)),
    ("det haster", (CR,)),
    ("krisesenter", (CR, VA)),
    ("legevakt", (CR, PH)),
    ("emergency", (CR,)),
)


def _sector_name_en(sector: Sector) -> str:
    # The Sector labels are English msgids; read them untranslated whatever the active language.
    with translation.override("en"):
        return str(sector.label)


def _all_terms() -> list[tuple[str, TermSeed]]:
    """Every term as (taxonomy key, seed), sectors and age bands in the common shape."""
    terms: list[tuple[str, TermSeed]] = [("need", seed) for seed in NEEDS]
    terms += [
        (
            "sector",
            TermSeed(
                seed.id,
                f"sector:{seed.sector.value}",
                seed.name,
                seed.description,
                _sector_name_en(seed.sector),
                seed.description_en,
            ),
        )
        for seed in SECTORS
    ]
    terms += [
        (
            "age",
            TermSeed(
                band.id,
                band.code,
                band.name,
                band.description,
                band.name_en,
                band.description_en,
            ),
        )
        for band in AGE_BANDS
    ]
    terms += [("access", seed) for seed in ACCESS_ROUTES]
    return terms


def reference_terms() -> dict[str, TaxonomyTerm]:
    """The loaded reference terms by code, matched by their fixed ids (not by code alone)."""
    ids = [term.id for _key, term in _all_terms()]
    return {term.code: term for term in TaxonomyTerm.objects.filter(id__in=ids)}


def taxonomies_load() -> dict[str, int]:
    """Create or update the reference taxonomies, their terms and the seeded thesaurus.

    Idempotent and in one transaction: taxonomies and terms are matched by their fixed ids,
    thesaurus entries by phrase (their needs are set to the seeded ones). Returns the counts.
    """
    with transaction.atomic():
        taxonomies: dict[str, Taxonomy] = {}
        for seed in TAXONOMIES:
            taxonomies[seed.key], _ = Taxonomy.objects.update_or_create(
                id=seed.id,
                defaults={
                    "name": seed.name,
                    "description": seed.description,
                    "name_en": seed.name_en,
                    "description_en": seed.description_en,
                    "version": VERSION,
                },
            )
        terms: dict[str, TaxonomyTerm] = {}
        for key, term in _all_terms():
            taxonomy = taxonomies[key]
            terms[term.code], _ = TaxonomyTerm.objects.update_or_create(
                id=term.id,
                defaults={
                    "code": term.code,
                    "name": term.name,
                    "description": term.description,
                    "name_en": term.name_en,
                    "description_en": term.description_en,
                    "taxonomy": taxonomy,
                    "taxonomy_name": taxonomy.name,
                    "language": LANGUAGE,
                    "parent": None,
                },
            )
        for phrase, codes in THESAURUS:
            entry, _ = ThesaurusEntry.objects.get_or_create(phrase=phrase)
            entry.terms.set([terms[code] for code in codes])
    # Searches read the thesaurus from a cache; make them see the new words at once.
    cache.delete(THESAURUS_CACHE_KEY)
    return {
        "taxonomies": len(taxonomies),
        "terms": len(terms),
        "thesaurus_entries": len(THESAURUS),
    }
