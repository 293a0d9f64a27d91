"""Demo directory: a realistic "Hvem kan hjelpe?" for Porsgrunn (4001) and national services.

Everything about people is fictional: contact persons, e-mail addresses (at `.invalid` domains)
and phone numbers. Local demo numbers are all in the invented block "35 99 …"; real national
numbers appear only where they are the public way in (116 117, 116 111, 02800). The national
services carry only facts checked against the public page recorded in their `source`.

Deterministic and idempotent: every row has a fixed id from `uuid5(NAMESPACE, stable name)`, rows
are updated in place, and a service's children (phones, contacts, opening hours, languages,
areas, locations, taxonomy links) are replaced on every run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from django.db import transaction

from directory.models import (
    Address,
    Attribute,
    Collaboration,
    Contact,
    Language,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.reference import (
    AGE_BANDS,
    BU,
    CR,
    DI,
    FS,
    LA,
    LE,
    LH,
    LS,
    MH,
    MO,
    PH,
    SA,
    SE,
    SU,
    VA,
    WO,
    reference_terms,
    taxonomies_load,
)
from directory.search import search_index_update
from municipalities.models import Municipality
from units.demo import DEMO_MUNICIPALITY, demo_units_seed
from units.models import Sector, Unit

NAMESPACE = uuid.UUID("8f1c9a52-3d47-4e0b-9a6e-2c51f07b8d31")
COUNTY = "Telemark"
NATIONAL_AREA = "Hele Norge"

# Review dates: most services were checked this autumn; three have not been for over a year,
# so the "not reviewed in the last 12 months" flag has something to show.
REVIEWED = date(2026, 9, 15)
REVIEWED_SPRING = date(2026, 3, 2)
OVERDUE_A = date(2025, 6, 1)
OVERDUE_B = date(2025, 3, 14)
OVERDUE_C = date(2025, 8, 25)

KOMMUNE = "porsgrunn.kommune.invalid"
FYLKE = "telemarkfylke.invalid"

LANGUAGE_NAMES = {
    "nb": "Norsk",
    "en": "Engelsk",
    "ar": "Arabisk",
    "so": "Somali",
    "ti": "Tigrinja",
    "uk": "Ukrainsk",
    "pl": "Polsk",
}

INTERPRETER = "Trenger du tolk, bestiller vi en kvalifisert tolk. Det koster ingenting for deg."


def stable_id(name: str) -> uuid.UUID:
    """The fixed id of a demo row, the same on every installation."""
    return uuid.uuid5(NAMESPACE, name)


class Hours(NamedTuple):
    description: str
    byday: str = ""
    opens: time | None = None
    closes: time | None = None


WEEKDAYS = "MO,TU,WE,TH,FR"
OFFICE = Hours("Mandag–fredag 08.00–15.30", WEEKDAYS, time(8), time(15, 30))
SCHOOL = Hours("Skoledager 08.00–15.00", WEEKDAYS, time(8), time(15))
KINDERGARTEN = Hours("Mandag–fredag 07.00–16.30", WEEKDAYS, time(7), time(16, 30))
ALWAYS = Hours("Døgnåpent, hele året", "MO,TU,WE,TH,FR,SA,SU")


class DemoOrganization(NamedTuple):
    key: str
    name: str
    description: str
    parent: str | None = None
    local: bool = True  # belongs to Porsgrunn; False for county, regional and national bodies
    unit: str | None = None  # the demo unit (units/demo.py) this organisation is
    website: str = ""
    email: str = ""
    orgnr: str = ""


class DemoLocation(NamedTuple):
    key: str
    name: str
    organization: str
    address: str = ""  # empty: no published street address
    postal_code: str = ""
    city: str = "Porsgrunn"
    description: str = ""
    transportation: str = ""


@dataclass(frozen=True, kw_only=True)
class DemoService:
    key: str
    name: str
    organization: str
    sector: Sector
    needs: tuple[str, ...]
    description: str
    eligibility: str
    application: str
    min_age: int | None
    max_age: int | None
    self_referral: bool
    referral_from: str = ""
    routes: tuple[str, ...] = ()  # access routes besides self-referral: referral, gp, school
    legal_basis: str = ""
    wait_time: str = ""
    expects: str = ""
    internal_route: str = ""
    reviewed: date = REVIEWED
    phone: str = ""
    email: str = ""
    url: str = ""
    location: str | None = None
    hours: Hours | None = OFFICE
    languages: tuple[str, ...] = ("nb",)
    interpreter: str = INTERPRETER
    contact: tuple[str, str] | None = None  # (name, title): a fictional person
    fees: str = "Gratis"
    national: bool = False
    source: str = ""


ORGANIZATIONS: tuple[DemoOrganization, ...] = (
    DemoOrganization(
        "porsgrunn-kommune",
        "Porsgrunn kommune",
        "Kommunen har ansvar for barnehage, grunnskole, helsestasjon, barnevern, psykisk helse, "
        "NAV-tjenester, flyktningtjenesten og fritidstilbud for barn og unge i Porsgrunn.",
        email=f"postmottak@{KOMMUNE}",
    ),
    DemoOrganization(
        "telemark-fylkeskommune",
        "Telemark fylkeskommune",
        "Fylkeskommunen har ansvar for videregående opplæring, oppfølgingstjenesten og den "
        "offentlige tannhelsetjenesten i Telemark.",
        local=False,
        email=f"post@{FYLKE}",
    ),
    DemoOrganization(
        "sykehuset-telemark",
        "Sykehuset Telemark HF",
        "Spesialisthelsetjenesten i Telemark, med psykisk helsevern for barn og unge (BUP) og "
        "habilitering.",
        local=False,
        email="post@sthf.invalid",
    ),
    DemoOrganization(
        "bufetat",
        "Barne-, ungdoms- og familieetaten (Bufetat)",
        "Statlig etat med ansvar for blant annet familievernet.",
        local=False,
    ),
    DemoOrganization(
        "heistad-barnehage",
        "Heistad barnehage",
        "Kommunal barnehage med fem avdelinger for barn fra ett til fem år.",
        parent="porsgrunn-kommune",
        unit="Heistad barnehage",
        email=f"heistad.barnehage@{KOMMUNE}",
    ),
    DemoOrganization(
        "brevik-barnehage",
        "Brevik barnehage",
        "Kommunal barnehage i Brevik med fire avdelinger og egen språkgruppe.",
        parent="porsgrunn-kommune",
        unit="Brevik barnehage",
        email=f"brevik.barnehage@{KOMMUNE}",
    ),
    DemoOrganization(
        "stridsklev-skole",
        "Stridsklev skole",
        "Barneskole for 1.–7. trinn med skolefritidsordning (SFO).",
        parent="porsgrunn-kommune",
        unit="Stridsklev skole",
        email=f"stridsklev.skole@{KOMMUNE}",
    ),
    DemoOrganization(
        "tveten-skole",
        "Tveten skole",
        "Barneskole for 1.–7. trinn med SFO og innføringsgruppe for nyankomne elever.",
        parent="porsgrunn-kommune",
        unit="Tveten skole",
        email=f"tveten.skole@{KOMMUNE}",
    ),
    DemoOrganization(
        "vestsiden-ungdomsskole",
        "Vestsiden ungdomsskole",
        "Ungdomsskole for 8.–10. trinn.",
        parent="porsgrunn-kommune",
        unit="Vestsiden ungdomsskole",
        email=f"vestsiden.ungdomsskole@{KOMMUNE}",
    ),
    DemoOrganization(
        "porsgrunn-vgs",
        "Porsgrunn videregående skole",
        "Videregående skole med studieforberedende og yrkesfaglige utdanningsprogram.",
        parent="telemark-fylkeskommune",
        unit="Porsgrunn videregående skole",
        email=f"porsgrunn.vgs@{FYLKE}",
    ),
    DemoOrganization(
        "ppt",
        "PPT Porsgrunn",
        "Pedagogisk-psykologisk tjeneste for barnehager og grunnskoler i Porsgrunn.",
        parent="porsgrunn-kommune",
        unit="PPT Porsgrunn",
        email=f"ppt@{KOMMUNE}",
    ),
    DemoOrganization(
        "helsestasjon",
        "Helsestasjon og skolehelsetjeneste",
        "Helsestasjon for barn og ungdom, jordmortjeneste og skolehelsetjeneste i alle skoler.",
        parent="porsgrunn-kommune",
        unit="Helsestasjon og skolehelsetjeneste",
        email=f"helsestasjonen@{KOMMUNE}",
    ),
    DemoOrganization(
        "barnevern",
        "Barneverntjenesten",
        "Barnevernstjenesten i Porsgrunn kommune.",
        parent="porsgrunn-kommune",
        unit="Barneverntjenesten",
        email=f"barnevern@{KOMMUNE}",
    ),
    DemoOrganization(
        "nav",
        "NAV Porsgrunn",
        "NAV-kontoret er et samarbeid mellom Arbeids- og velferdsetaten og Porsgrunn kommune.",
        unit="NAV Porsgrunn",
        email="nav.porsgrunn@nav.invalid",
    ),
    DemoOrganization(
        "psykisk-helse",
        "Psykisk helse og rus for barn og unge",
        "Kommunens tjeneste for psykisk helse og rus for barn, unge og familier.",
        parent="porsgrunn-kommune",
        unit="Psykisk helse og rus for barn og unge",
        email=f"psykiskhelse.ung@{KOMMUNE}",
    ),
    DemoOrganization(
        "flyktning",
        "Flyktning- og integreringstjenesten",
        "Bosetting, introduksjonsprogram og oppfølging av flyktninger i Porsgrunn.",
        parent="porsgrunn-kommune",
        unit="Flyktning- og integreringstjenesten",
        email=f"flyktning@{KOMMUNE}",
    ),
    DemoOrganization(
        "ot",
        "Oppfølgingstjenesten",
        "Oppfølgingstjenesten (OT) i Telemark fylkeskommune, kontor i Porsgrunn.",
        parent="telemark-fylkeskommune",
        unit="Oppfølgingstjenesten",
        email=f"ot.porsgrunn@{FYLKE}",
    ),
    DemoOrganization(
        "fritid",
        "Fritid og kultur for unge",
        "Fritidsklubber, ferieaktiviteter og fritidsstøtte for barn og unge i Porsgrunn.",
        parent="porsgrunn-kommune",
        unit="Fritid og kultur for unge",
        email=f"fritid@{KOMMUNE}",
    ),
    DemoOrganization(
        "slt",
        "SLT og politikontakt",
        "Samordning av lokale rus- og kriminalitetsforebyggende tiltak (SLT) i Porsgrunn.",
        parent="porsgrunn-kommune",
        unit="SLT og politikontakt",
        email=f"slt@{KOMMUNE}",
    ),
    DemoOrganization(
        "bup",
        "BUP-poliklinikken",
        "Poliklinikk for psykisk helsevern for barn og unge, Sykehuset Telemark.",
        parent="sykehuset-telemark",
        unit="BUP-poliklinikken",
        email="bup.porsgrunn@sthf.invalid",
    ),
    DemoOrganization(
        "habilitering",
        "Habiliteringstjenesten for barn og unge",
        "Spesialisthelsetjeneste for barn og unge med medfødte eller tidlig ervervede "
        "funksjonsnedsettelser.",
        parent="sykehuset-telemark",
        local=False,
        email="habu@sthf.invalid",
    ),
    DemoOrganization(
        "spesialpedagogisk-team",
        "Spesialpedagogisk team for barnehagene",
        "Kommunalt team med spesialpedagoger som jobber i barnehagene.",
        parent="porsgrunn-kommune",
        email=f"spesialpedagogisk.team@{KOMMUNE}",
    ),
    DemoOrganization(
        "koordinerende-enhet",
        "Koordinerende enhet",
        "Kommunens kontaktpunkt for individuell plan, koordinator og barnekoordinator.",
        parent="porsgrunn-kommune",
        email=f"koordinerende.enhet@{KOMMUNE}",
    ),
    DemoOrganization(
        "funksjonshemmede",
        "Tjenester for barn og unge med funksjonsnedsettelse",
        "Avlastning, støttekontakt og praktisk bistand til barn, unge og familier.",
        parent="porsgrunn-kommune",
        email=f"tjenester.funksjonsnedsettelse@{KOMMUNE}",
    ),
    DemoOrganization(
        "kulturskole",
        "Porsgrunn kulturskole",
        "Kommunal kulturskole med musikk, dans, teater og visuell kunst.",
        parent="porsgrunn-kommune",
        email=f"kulturskolen@{KOMMUNE}",
    ),
    DemoOrganization(
        "legevakt",
        "Legevakten for Porsgrunn",
        "Interkommunal legevakt som hjelper når det ikke kan vente til fastlegen har åpent.",
        local=False,
    ),
    DemoOrganization(
        "fastleger",
        "Fastlegekontorene i Porsgrunn",
        "Fastlegene i Porsgrunn.",
        parent="porsgrunn-kommune",
    ),
    DemoOrganization(
        "tannhelse",
        "Den offentlige tannhelsetjenesten i Telemark",
        "Fylkeskommunens tannklinikker.",
        parent="telemark-fylkeskommune",
        local=False,
        email=f"tannhelse@{FYLKE}",
    ),
    DemoOrganization(
        "elevombud",
        "Elev- og lærlingombudet i Telemark",
        "Ombud for elever og lærlinger i videregående opplæring i Telemark.",
        parent="telemark-fylkeskommune",
        local=False,
        email=f"elevombudet@{FYLKE}",
    ),
    DemoOrganization(
        "statped",
        "Statped",
        "Statlig spesialpedagogisk tjeneste som støtter kommuner og fylkeskommuner.",
        local=False,
        email="post@statped.invalid",
    ),
    DemoOrganization(
        "familievern",
        "Familievernkontoret i Grenland",
        "Familievernkontor for Grenland, en del av Bufetat.",
        parent="bufetat",
        local=False,
        email="familievern.grenland@bufetat.invalid",
    ),
    DemoOrganization(
        "politi",
        "Sør-Øst politidistrikt",
        "Politiet i Buskerud, Vestfold og Telemark. Forebyggende politi har faste kontakter i "
        "Porsgrunn.",
        local=False,
    ),
    DemoOrganization(
        "konfliktradet",
        "Konfliktrådet",
        "Statlig tjeneste for megling i konflikter og straffesaker, og for ungdomsoppfølging og "
        "ungdomsstraff.",
        local=False,
        email="konfliktradet@konfliktradet.invalid",
    ),
    DemoOrganization(
        "krisesenter",
        "Krisesenteret i Telemark",
        "Interkommunalt krisesenter for kvinner, menn og barn som er utsatt for vold i nære "
        "relasjoner.",
        local=False,
        email="post@krisesenteret-telemark.invalid",
    ),
    # National bodies: only facts checked against the sources on their services.
    DemoOrganization(
        "rode-kors",
        "Norges Røde Kors",
        "Humanitær organisasjon med frivillige over hele landet.",
        local=False,
        website="https://www.rodekors.no",
    ),
    DemoOrganization(
        "porsgrunn-rode-kors",
        "Porsgrunn Røde Kors",
        "Lokalforeningen av Røde Kors i Porsgrunn, drevet av frivillige.",
        parent="rode-kors",
        email="porsgrunn@rodekors.invalid",
    ),
    DemoOrganization(
        "alarmtelefonen",
        "Alarmtelefonen for barn og unge",
        "Barnevernets døgnåpne svartjeneste for barn og unge. Drives av barnevernvakta i "
        "Kristiansand og finansieres av Barne-, ungdoms- og familiedirektoratet (Bufdir).",
        local=False,
        website="https://www.116111.no",
    ),
    DemoOrganization(
        "mental-helse",
        "Mental Helse",
        "Interesseorganisasjon for psykisk helse. Driver Hjelpetelefonen og sidetmedord.no.",
        local=False,
        website="https://mentalhelse.no",
    ),
    DemoOrganization(
        "kirkens-sos",
        "Kirkens SOS",
        "Krisetjeneste på telefon og nett, bemannet av frivillige.",
        local=False,
        website="https://www.kirkens-sos.no",
        orgnr="971275596",
    ),
    DemoOrganization(
        "krisesentersekretariatet",
        "Krisesentersekretariatet",
        "Driver Vold- og overgrepslinjen i samarbeid med Oslo krisesenter.",
        local=False,
        website="https://www.krisesenter.com",
    ),
    DemoOrganization(
        "bufdir",
        "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
        "Statlig direktorat for barn, unge og familier. Driver ung.no.",
        local=False,
        website="https://www.bufdir.no",
    ),
    DemoOrganization(
        "nkvts",
        "Nasjonalt kunnskapssenter om vold og traumatisk stress (NKVTS)",
        "Driver dinutvei.no på oppdrag fra Justis- og beredskapsdepartementet.",
        local=False,
        website="https://www.nkvts.no",
    ),
    DemoOrganization(
        "rusinfo",
        "RUSinfo",
        "Nasjonal informasjons- og veiledningstjeneste om rus. Finansieres av "
        "Helsedirektoratet og drives av Velferdsetaten i Oslo kommune.",
        local=False,
        website="https://rusinfo.no",
    ),
)

LOCATIONS: tuple[DemoLocation, ...] = (
    DemoLocation(
        "radhuset",
        "Porsgrunn rådhus",
        "porsgrunn-kommune",
        "Storgata 153",
        "3915",
        transportation="Fem minutters gange fra Porsgrunn stasjon. Bussene stopper ved rådhuset.",
    ),
    DemoLocation(
        "familiens-hus",
        "Familiens hus",
        "helsestasjon",
        "Kirkegata 10",
        "3916",
        description="Helsestasjonen, jordmortjenesten og helsestasjon for ungdom holder til her.",
        transportation="Inngang fra Kirkegata, heis til 2. etasje.",
    ),
    DemoLocation(
        "heistad-barnehage", "Heistad barnehage", "heistad-barnehage", "Heistadvegen 45", "3946"
    ),
    DemoLocation(
        "brevik-barnehage",
        "Brevik barnehage",
        "brevik-barnehage",
        "Kirkegata 20",
        "3950",
        city="Brevik",
    ),
    DemoLocation(
        "stridsklev-skole", "Stridsklev skole", "stridsklev-skole", "Stridsklevåsen 2", "3929"
    ),
    DemoLocation("tveten-skole", "Tveten skole", "tveten-skole", "Tvetenvegen 100", "3940"),
    DemoLocation(
        "vestsiden-ungdomsskole",
        "Vestsiden ungdomsskole",
        "vestsiden-ungdomsskole",
        "Vestregata 56",
        "3922",
    ),
    DemoLocation(
        "porsgrunn-vgs",
        "Porsgrunn videregående skole",
        "porsgrunn-vgs",
        "Kjølnes ring 58",
        "3918",
        transportation="Buss til Kjølnes. Sykkelparkering ved hovedinngangen.",
    ),
    DemoLocation("barnevern", "Barneverntjenesten", "barnevern", "Jernbanegata 10", "3916"),
    DemoLocation("nav", "NAV Porsgrunn", "nav", "Storgata 125", "3915"),
    DemoLocation(
        "psykisk-helse",
        "Psykisk helse og rus for barn og unge",
        "psykisk-helse",
        "Skolegata 5",
        "3916",
        description="Egen inngang på baksiden, så du slipper å gå gjennom et venterom.",
    ),
    DemoLocation(
        "flyktning",
        "Flyktning- og integreringstjenesten",
        "flyktning",
        "Porselensvegen 20",
        "3920",
    ),
    DemoLocation(
        "ungdomshuset",
        "Ungdomshuset",
        "fritid",
        "Jernbanegata 15",
        "3916",
        transportation="Rett ved bussterminalen.",
    ),
    DemoLocation(
        "bup", "BUP-poliklinikken", "bup", "Tollbodgata 6", "3921", description="2. etasje."
    ),
    DemoLocation("legevakt", "Legevakten", "legevakt", "Tollbodgata 8", "3921"),
    DemoLocation("tannklinikk", "Porsgrunn tannklinikk", "tannhelse", "Storgata 140", "3915"),
    DemoLocation("kulturskole", "Porsgrunn kulturskole", "kulturskole", "Vestregata 40", "3922"),
    DemoLocation("familievern", "Familievernkontoret", "familievern", "Rådhusgata 5", "3915"),
    DemoLocation("politi", "Porsgrunn politistasjon", "politi", "Jernbanegata 7", "3916"),
    DemoLocation("rode-kors", "Røde Kors-huset", "porsgrunn-rode-kors", "Floodmyrvegen 20", "3946"),
    DemoLocation(
        "krisesenter",
        "Krisesenteret i Telemark",
        "krisesenter",
        description="Adressen er skjermet av hensyn til dem som bor der. Ring først, så får du "
        "vite hvor du skal møte.",
    ),
    DemoLocation(
        "statped",
        "Statped kommer til dere",
        "statped",
        description="Statped møter barnet, foreldrene og fagfolkene i barnehagen, på skolen "
        "eller digitalt.",
    ),
)

# Need codes, short, for the service table below.
REFERRAL = "access:referral"
GP = "access:gp"
SCHOOL_ROUTE = "access:school"

PORSGRUNN_SERVICES: tuple[DemoService, ...] = (
    # --- Kindergarten ---------------------------------------------------------------------------
    DemoService(
        key="heistad-barnehage-plass",
        name="Barnehageplass og foreldresamarbeid – Heistad barnehage",
        organization="heistad-barnehage",
        sector=Sector.KINDERGARTEN,
        needs=(FS, LS),
        description="Vi passer på, leker med og lærer sammen med barna dine hver dag. Er du "
        "bekymret for noe hjemme eller hos barnet, kan du alltid be om en samtale med "
        "pedagogisk leder.",
        eligibility="Barn fra ett år til skolestart som bor i Porsgrunn.",
        application="Søk barnehageplass på kommunens nettside. Hovedopptaket har frist 1. mars. "
        "Du kan også søke gjennom året.",
        min_age=1,
        max_age=5,
        self_referral=True,
        legal_basis="barnehageloven § 16",
        wait_time="Plass fra august ved hovedopptaket; ellers når det blir ledig.",
        expects="Ved bekymring: en kort beskrivelse av hva dere ser, og om foreldrene er "
        "informert.",
        internal_route="Styrer kaller inn til tverrfaglig møte med helsestasjon og PPT etter "
        "samtykke fra foreldrene.",
        phone="35 99 11 10",
        email=f"heistad.barnehage@{KOMMUNE}",
        location="heistad-barnehage",
        hours=KINDERGARTEN,
        languages=("nb", "en"),
        contact=("Sara Holm", "Pedagogisk leder"),
        fees="Foreldrebetaling etter nasjonal makspris. Du kan søke om redusert pris og "
        "gratis kjernetid.",
    ),
    DemoService(
        key="brevik-barnehage-sprak",
        name="Språkgruppe og norskstøtte – Brevik barnehage",
        organization="brevik-barnehage",
        sector=Sector.KINDERGARTEN,
        needs=(LA, LE),
        description="Vi hjelper barn som snakker et annet språk hjemme, eller som trenger litt "
        "ekstra hjelp med språket, med å lære norsk gjennom lek, sang og bøker i små grupper. "
        "Barnets morsmål er en styrke, og vi gir dere tips til hvordan dere kan bruke det "
        "hjemme.",
        eligibility="Barn i Brevik barnehage fra tre år som trenger ekstra språkstøtte.",
        application="Snakk med pedagogisk leder. Vi kartlegger språket sammen med dere før "
        "barnet begynner i gruppen.",
        min_age=3,
        max_age=5,
        self_referral=True,
        routes=(SCHOOL_ROUTE,),
        legal_basis="barnehageloven § 2",
        wait_time="Oppstart innen fire uker.",
        expects="Språkkartlegging fra barnehagen og foreldrenes beskrivelse av språkene hjemme.",
        internal_route="Ved mistanke om språkvansker: drøft med PPT før henvisning.",
        phone="35 99 11 20",
        email=f"brevik.barnehage@{KOMMUNE}",
        location="brevik-barnehage",
        hours=KINDERGARTEN,
        languages=("nb", "ar", "uk", "pl"),
        contact=("Trine Haugen", "Pedagogisk leder, språkgruppen"),
        fees="Inngår i barnehageplassen.",
    ),
    DemoService(
        key="spesialpedagogisk-hjelp-barnehage",
        name="Spesialpedagogisk hjelp i barnehagen",
        organization="spesialpedagogisk-team",
        sector=Sector.KINDERGARTEN,
        needs=(LE, DI),
        description="Vi hjelper barn som trenger mer støtte i utvikling, språk, lek eller "
        "samspill enn barnehagen vanligvis gir. En spesialpedagog jobber med barnet og "
        "veileder de ansatte og dere foreldre.",
        eligibility="Barn under opplæringspliktig alder med særlige behov, også barn som ikke "
        "går i barnehage.",
        application="Barnehagen eller dere foreldre ber PPT om en sakkyndig vurdering. "
        "Kommunen fatter så et vedtak om hjelpen.",
        min_age=0,
        max_age=5,
        self_referral=False,
        referral_from="PPT (sakkyndig vurdering), etter samtykke fra foreldrene",
        routes=(REFERRAL, SCHOOL_ROUTE),
        legal_basis="barnehageloven § 31",
        wait_time="Oppstart innen fire uker etter vedtak.",
        expects="Vedtak om spesialpedagogisk hjelp og PPTs sakkyndige vurdering.",
        internal_route="Henvisning til PPT på kommunens skjema; teamet får saken fra "
        "oppvekstkontoret når vedtaket er fattet.",
        reviewed=REVIEWED_SPRING,
        phone="35 99 11 30",
        email=f"spesialpedagogisk.team@{KOMMUNE}",
        location="radhuset",
        contact=("Siri Berge", "Leder, spesialpedagogisk team"),
    ),
    DemoService(
        key="tilrettelegging-barnehage",
        name="Tilrettelegging for barn med funksjonsnedsettelse i barnehagen",
        organization="spesialpedagogisk-team",
        sector=Sector.KINDERGARTEN,
        needs=(DI, PH),
        description="Har barnet ditt en funksjonsnedsettelse, for eksempel syn, hørsel, "
        "bevegelse eller en kronisk sykdom? Vi hjelper barnehagen med å tilpasse rom, "
        "utstyr og hverdag, slik at barnet kan være med på det samme som de andre.",
        eligibility="Barn med nedsatt funksjonsevne som har plass i barnehage i Porsgrunn.",
        application="Snakk med barnehagen. Barnehagen sender en søknad til kommunen sammen med "
        "dokumentasjon fra lege eller spesialisthelsetjenesten.",
        min_age=0,
        max_age=5,
        self_referral=False,
        referral_from="Barnehagen, med dokumentasjon fra lege eller habiliteringstjenesten",
        routes=(SCHOOL_ROUTE, GP),
        legal_basis="barnehageloven § 37",
        wait_time="Vanligvis vedtak innen seks uker.",
        expects="Dokumentasjon av funksjonsnedsettelsen og barnehagens beskrivelse av behovet.",
        internal_route="Søknad fra barnehagen til oppvekstkontoret; teamet kobles på ved behov.",
        phone="35 99 11 31",
        email=f"spesialpedagogisk.team@{KOMMUNE}",
        location="radhuset",
        contact=("Siri Berge", "Leder, spesialpedagogisk team"),
    ),
    DemoService(
        key="trygt-barnehagemiljo",
        name="Trygt barnehagemiljø – når barnet ikke har det bra",
        organization="heistad-barnehage",
        sector=Sector.KINDERGARTEN,
        needs=(BU, MH),
        description="Sier barnet ditt at ingen vil leke, eller at noen er slemme? Si fra til "
        "oss. Vi skal undersøke saken, lage en plan og følge med til barnet har det trygt og "
        "godt i barnehagen.",
        eligibility="Alle barn i Heistad barnehage og foreldrene deres.",
        application="Ta kontakt med pedagogisk leder eller styrer, muntlig eller skriftlig.",
        min_age=1,
        max_age=5,
        self_referral=True,
        legal_basis="barnehageloven kapittel VIII (psykososialt barnehagemiljø)",
        wait_time="Vi tar kontakt samme dag eller neste arbeidsdag.",
        expects="Hva barnet har fortalt eller dere har sett, og når det skjedde.",
        internal_route="Alle ansatte skal melde fra til styrer. Styrer lager en skriftlig plan "
        "med tiltak.",
        phone="35 99 11 11",
        email=f"heistad.barnehage@{KOMMUNE}",
        location="heistad-barnehage",
        hours=KINDERGARTEN,
        contact=("Sara Holm", "Pedagogisk leder"),
    ),
    # --- Primary school -------------------------------------------------------------------------
    DemoService(
        key="stridsklev-sosiallaerer",
        name="Sosiallærer og trivselsarbeid – Stridsklev skole",
        organization="stridsklev-skole",
        sector=Sector.PRIMARY_SCHOOL,
        needs=(BU, MH),
        description="Er du lei deg, blir du plaget, eller er det noe som er vanskelig? Du kan "
        "snakke med sosiallæreren på skolen. Vi hjelper deg og sørger for at skolen gjør noe "
        "med det.",
        eligibility="Elever på 1.–7. trinn ved Stridsklev skole og foreldrene deres.",
        application="Snakk med kontaktlæreren eller sosiallæreren, eller send en melding i "
        "skolens meldingssystem.",
        min_age=6,
        max_age=12,
        self_referral=True,
        legal_basis="opplæringsloven § 12-2 og kapittel 12 (skolemiljø)",
        wait_time="Samme uke. Saker om mobbing følges opp samme dag.",
        expects="Hva som har skjedd, hvem som er involvert, og om foreldrene vet om det.",
        internal_route="Ansatte melder fra til rektor etter skolens rutine for aktivitetsplikten.",
        phone="35 99 12 10",
        email=f"stridsklev.skole@{KOMMUNE}",
        location="stridsklev-skole",
        hours=SCHOOL,
        languages=("nb", "en"),
        contact=("Marit Aas", "Rektor"),
    ),
    DemoService(
        key="stridsklev-fravaer",
        name="Tidlig innsats ved skolefravær – Stridsklev skole",
        organization="stridsklev-skole",
        sector=Sector.PRIMARY_SCHOOL,
        needs=(SA, FS),
        description="Har barnet ditt vondt i magen om morgenen eller vil ikke på skolen? Vi "
        "finner ut sammen med dere hva som er vanskelig, og lager en plan så barnet kan komme "
        "tilbake steg for steg.",
        eligibility="Elever på 1.–7. trinn med bekymringsfullt fravær, og foreldrene deres.",
        application="Ta kontakt med kontaktlæreren. Skolen tar kontakt med dere når fraværet øker.",
        min_age=6,
        max_age=12,
        self_referral=True,
        routes=(SCHOOL_ROUTE,),
        legal_basis="opplæringsloven § 11-1 (tilpasset opplæring) og kapittel 12 (skolemiljø)",
        wait_time="Første møte innen én uke.",
        expects="Fraværsoversikt og hva skolen har prøvd så langt.",
        internal_route="Ved mer enn 10 % fravær på fire uker drøftes eleven i skolens "
        "ressursteam med helsesykepleier og PPT.",
        phone="35 99 12 11",
        email=f"stridsklev.skole@{KOMMUNE}",
        location="stridsklev-skole",
        hours=SCHOOL,
        contact=("Ali Karimi", "Kontaktlærer og fraværskoordinator"),
    ),
    DemoService(
        key="tveten-leksehjelp",
        name="Leksehjelp og ekstra lese- og regneopplæring – Tveten skole",
        organization="tveten-skole",
        sector=Sector.PRIMARY_SCHOOL,
        needs=(LE,),
        description="Synes du lesing eller matte er vanskelig? Vi gir deg ekstra hjelp i små "
        "grupper, og du kan gjøre lekser på skolen sammen med en voksen.",
        eligibility="Elever på 1.–7. trinn ved Tveten skole. Ekstra lese- og regneopplæring er "
        "først og fremst for 1.–4. trinn.",
        application="Skolen tilbyr det når lærerne ser behovet. Foreldre kan også be om det.",
        min_age=6,
        max_age=12,
        self_referral=True,
        routes=(SCHOOL_ROUTE,),
        legal_basis="opplæringsloven § 11-1 (tilpasset opplæring)",
        wait_time="Oppstart innen to uker.",
        expects="Kartleggingsresultater og lærerens vurdering.",
        internal_route="Kontaktlærer melder behovet til teamleder; vurder PPT hvis eleven ikke "
        "får utbytte etter en periode.",
        phone="35 99 12 20",
        email=f"tveten.skole@{KOMMUNE}",
        location="tveten-skole",
        hours=Hours("Leksehjelp tirsdag og torsdag 13.30–15.00", "TU,TH", time(13, 30), time(15)),
        contact=("Henrik Dale", "Rektor"),
    ),
    DemoService(
        key="tveten-innforingsgruppe",
        name="Innføringsgruppe for nyankomne elever – Tveten skole",
        organization="tveten-skole",
        sector=Sector.PRIMARY_SCHOOL,
        needs=(LA, LE),
        description="Er du ny i Norge? I innføringsgruppen lærer du norsk og blir kjent med "
        "skolen, samtidig som du er sammen med klassen din i mange timer. Vi har "
        "tospråklige lærere på flere språk.",
        eligibility="Elever på 1.–7. trinn som nylig har kommet til Norge og trenger særskilt "
        "norskopplæring.",
        application="Skolekontoret tar kontakt når familien har fått bolig i Porsgrunn. "
        "Foreldre kan også ta kontakt direkte.",
        min_age=6,
        max_age=12,
        self_referral=True,
        referral_from="Flyktning- og integreringstjenesten eller skolekontoret",
        routes=(REFERRAL,),
        legal_basis="opplæringsloven (særskilt språkopplæring)",
        wait_time="Skolestart innen to uker.",
        expects="Informasjon om tidligere skolegang og språk.",
        internal_route="Flyktningtjenesten melder nye elever til skolekontoret ved bosetting.",
        phone="35 99 12 21",
        email=f"tveten.skole@{KOMMUNE}",
        location="tveten-skole",
        hours=SCHOOL,
        languages=("nb", "ar", "ti", "uk"),
        contact=("Henrik Dale", "Rektor"),
    ),
    DemoService(
        key="tveten-sfo",
        name="SFO med tilrettelegging – Tveten skole",
        organization="tveten-skole",
        sector=Sector.PRIMARY_SCHOOL,
        needs=(DI, LS),
        description="Skolefritidsordningen er et sted for lek, venner og aktiviteter før og "
        "etter skoletid. Barn med funksjonsnedsettelse får den hjelpen de trenger for å være "
        "med.",
        eligibility="Elever på 1.–4. trinn, og elever med særlige behov på 1.–7. trinn.",
        application="Søk SFO-plass på kommunens nettside.",
        min_age=6,
        max_age=12,
        self_referral=True,
        legal_basis="opplæringsloven (skolefritidsordningen)",
        wait_time="Plass fra skolestart i august; ellers når det er ledig.",
        expects="Opplysninger om behov for hjelp eller hjelpemidler.",
        internal_route="Behov for ekstra bemanning meldes til oppvekstkontoret før skolestart.",
        phone="35 99 12 22",
        email=f"tveten.skole@{KOMMUNE}",
        location="tveten-skole",
        hours=Hours("Mandag–fredag 07.00–16.30", WEEKDAYS, time(7), time(16, 30)),
        contact=("Henrik Dale", "Rektor"),
        fees="Foreldrebetaling. Deler av SFO-tiden er gratis på de laveste trinnene.",
    ),
    # --- Lower secondary ------------------------------------------------------------------------
    DemoService(
        key="vestsiden-miljoterapeut",
        name="Miljøterapeut og trivselsteam – Vestsiden ungdomsskole",
        organization="vestsiden-ungdomsskole",
        sector=Sector.LOWER_SECONDARY,
        needs=(BU, MH, SA),
        description="Vi hjelper deg som blir plaget, holdt utenfor, eller som synes det er tungt "
        "å komme på skolen. Du kan komme innom kontoret uten avtale, og vi finner en løsning "
        "sammen med deg.",
        eligibility="Elever på 8.–10. trinn ved Vestsiden ungdomsskole.",
        application="Kom innom, send en melding eller be kontaktlæreren om å ta kontakt.",
        min_age=12,
        max_age=16,
        self_referral=True,
        legal_basis="opplæringsloven § 12-2 og kapittel 12 (skolemiljø)",
        wait_time="Samme dag.",
        expects="Hva eleven har fortalt, og hva skolen allerede har gjort.",
        internal_route="Bruk skolens rutine for aktivitetsplikten. Ved fare for liv og helse: "
        "helsesykepleier og barnevern samme dag.",
        phone="35 99 12 30",
        email=f"vestsiden.ungdomsskole@{KOMMUNE}",
        location="vestsiden-ungdomsskole",
        hours=SCHOOL,
        languages=("nb", "en"),
        contact=("Morten Lund", "Miljøterapeut"),
    ),
    DemoService(
        key="vestsiden-sosiallaerer",
        name="Sosiallærer og rådgiver – Vestsiden ungdomsskole",
        organization="vestsiden-ungdomsskole",
        sector=Sector.LOWER_SECONDARY,
        needs=(WO, LE, MH),
        description="Lurer du på hvilken utdanning du skal velge, eller er det noe som gjør "
        "skolehverdagen vanskelig? Sosiallæreren og rådgiveren hjelper deg med valg, "
        "motivasjon og personlige ting.",
        eligibility="Elever på 8.–10. trinn og foreldrene deres.",
        application="Bestill en time på skolens nettside eller kom innom i friminuttet.",
        min_age=12,
        max_age=16,
        self_referral=True,
        legal_basis="opplæringsloven (rett til nødvendig rådgivning)",
        wait_time="Innen én uke.",
        expects="Elevens egne ønsker og eventuelle vurderinger fra lærerne.",
        internal_route="Ved behov for utvidet overgang til videregående: meld til rådgiver "
        "innen 1. desember i 10. klasse.",
        phone="35 99 12 31",
        email=f"vestsiden.ungdomsskole@{KOMMUNE}",
        location="vestsiden-ungdomsskole",
        hours=SCHOOL,
        contact=("Jonas Berg", "Sosiallærer"),
    ),
    DemoService(
        key="vestsiden-alternativ-arena",
        name="Alternativ opplæringsarena – Vestsiden ungdomsskole",
        organization="vestsiden-ungdomsskole",
        sector=Sector.LOWER_SECONDARY,
        needs=(SA, LE),
        description="Noen lærer best med hendene. På verkstedet lærer du matte, norsk og "
        "samarbeid gjennom praktisk arbeid, noen dager i uken, og du går fortsatt i klassen "
        "din resten av tiden.",
        eligibility="Elever på 8.–10. trinn med høyt fravær eller lav motivasjon.",
        application="Kontaktlærer, rådgiver og foreldre blir enige om en plan sammen med deg.",
        min_age=12,
        max_age=16,
        self_referral=False,
        referral_from="Skolens ressursteam",
        routes=(SCHOOL_ROUTE,),
        legal_basis="opplæringsloven § 11-1 (tilpasset opplæring)",
        wait_time="Oppstart ved nytt halvår; ved behov raskere.",
        expects="Fraværsoversikt, elevens ønsker og foreldrenes samtykke.",
        internal_route="Drøftes i ressursteamet; PPT kobles på ved behov for individuell "
        "tilrettelegging.",
        reviewed=OVERDUE_A,
        phone="35 99 12 32",
        email=f"vestsiden.ungdomsskole@{KOMMUNE}",
        location="vestsiden-ungdomsskole",
        hours=Hours("Tirsdag og torsdag 08.30–14.00", "TU,TH", time(8, 30), time(14)),
        contact=("Ola Nordmann", "Rektor"),
    ),
    # --- Upper secondary ------------------------------------------------------------------------
    DemoService(
        key="porsgrunn-vgs-elevtjenesten",
        name="Elevtjenesten – Porsgrunn videregående skole",
        organization="porsgrunn-vgs",
        sector=Sector.UPPER_SECONDARY,
        needs=(MH, SA, BU),
        description="Vi er miljøarbeidere og rådgivere som hjelper deg når skolen, livet "
        "eller fraværet blir for mye. Sammen med helsesykepleier på skolen finner vi ut hva "
        "du trenger.",
        eligibility="Elever og lærlinger ved Porsgrunn videregående skole.",
        application="Kom innom Elevtjenesten i 1. etasje eller send en melding.",
        min_age=15,
        max_age=24,
        self_referral=True,
        legal_basis="opplæringsloven § 12-2 og kapittel 12 (skolemiljø)",
        wait_time="Samme dag eller neste skoledag.",
        expects="Fravær, karakterstatus og hva eleven selv ønsker hjelp til.",
        internal_route="Ved fare for å slutte: meld til OT-kontakten på skolen samme uke.",
        phone="35 99 13 10",
        email=f"porsgrunn.vgs@{FYLKE}",
        location="porsgrunn-vgs",
        hours=Hours("Skoledager 08.00–15.30", WEEKDAYS, time(8), time(15, 30)),
        languages=("nb", "en"),
        contact=("Erik Sand", "Rådgiver"),
    ),
    DemoService(
        key="porsgrunn-vgs-karriere",
        name="Rådgivning og karriereveiledning – Porsgrunn videregående skole",
        organization="porsgrunn-vgs",
        sector=Sector.UPPER_SECONDARY,
        needs=(WO, LE),
        description="Usikker på om du har valgt riktig? Vi hjelper deg med å bytte "
        "utdanningsprogram, finne læreplass eller planlegge veien videre etter skolen.",
        eligibility="Elever og lærlinger ved Porsgrunn videregående skole.",
        application="Bestill time hos rådgiveren på skolens nettside.",
        min_age=15,
        max_age=24,
        self_referral=True,
        legal_basis="opplæringsloven (rett til nødvendig rådgivning)",
        wait_time="Innen én uke.",
        expects="Elevens vitnemål eller karakterutskrift.",
        internal_route="Elever uten læreplass innen 1. september meldes til oppfølgingstjenesten.",
        phone="35 99 13 11",
        email=f"porsgrunn.vgs@{FYLKE}",
        location="porsgrunn-vgs",
        contact=("Erik Sand", "Rådgiver"),
    ),
    DemoService(
        key="porsgrunn-vgs-tilrettelegging",
        name="Individuelt tilrettelagt opplæring – Porsgrunn videregående skole",
        organization="porsgrunn-vgs",
        sector=Sector.UPPER_SECONDARY,
        needs=(LE, DI),
        description="Har du lærevansker, en diagnose eller en funksjonsnedsettelse? Vi "
        "tilpasser undervisningen, prøvene og hverdagen, så du får fullført.",
        eligibility="Elever som ikke får godt nok utbytte av den vanlige opplæringen.",
        application="Snakk med kontaktlæreren eller rådgiveren. Skolen ber fylkets PP-tjeneste "
        "om en sakkyndig vurdering når det trengs.",
        min_age=15,
        max_age=24,
        self_referral=True,
        routes=(SCHOOL_ROUTE, REFERRAL),
        legal_basis="opplæringsloven kapittel 11 (individuelt tilrettelagt opplæring)",
        wait_time="Sakkyndig vurdering innen tre måneder.",
        expects="Tidligere sakkyndige vurderinger, vedtak og individuell opplæringsplan fra "
        "ungdomsskolen.",
        internal_route="Overføringsmøte med ungdomsskolen og PPT i mai før skolestart.",
        phone="35 99 13 12",
        email=f"porsgrunn.vgs@{FYLKE}",
        location="porsgrunn-vgs",
        contact=("Erik Sand", "Rådgiver"),
    ),
    DemoService(
        key="porsgrunn-vgs-innforing",
        name="Innføringsklasse for minoritetsspråklige – Porsgrunn videregående skole",
        organization="porsgrunn-vgs",
        sector=Sector.UPPER_SECONDARY,
        needs=(LA, LE),
        description="Er du ny i Norge og vil ta videregående? I innføringsklassen lærer du "
        "norsk og fag, så du kan gå videre på et utdanningsprogram.",
        eligibility="Ungdom med kort botid i Norge som trenger mer norsk før videregående.",
        application="Søk gjennom inntaket til videregående skole, eller snakk med "
        "flyktningtjenesten eller rådgiveren din.",
        min_age=16,
        max_age=24,
        self_referral=True,
        referral_from="Flyktning- og integreringstjenesten",
        routes=(REFERRAL,),
        legal_basis="opplæringsloven (særskilt språkopplæring)",
        wait_time="Oppstart i august; noen plasser ved nyttår.",
        expects="Dokumentasjon av skolegang og språkkartlegging.",
        internal_route="Flyktningtjenesten og rådgiver søker sammen med eleven innen 1. mars.",
        phone="35 99 13 13",
        email=f"porsgrunn.vgs@{FYLKE}",
        location="porsgrunn-vgs",
        languages=("nb", "en", "ar", "ti", "so", "uk"),
        contact=("Erik Sand", "Rådgiver"),
    ),
    DemoService(
        key="elevombud",
        name="Elev- og lærlingombudet i Telemark",
        organization="elevombud",
        sector=Sector.UPPER_SECONDARY,
        needs=(LH, BU),
        description="Føler du at skolen eller lærebedriften ikke følger reglene? Ombudet "
        "forteller deg hvilke rettigheter du har, og hjelper deg med å klage. Ombudet er "
        "uavhengig av skolen.",
        eligibility="Elever og lærlinger i videregående opplæring i Telemark.",
        application="Ring, send e-post eller en melding på sosiale medier. Du kan være anonym.",
        min_age=15,
        max_age=24,
        self_referral=True,
        legal_basis="Fylkeskommunalt tilbud – ingen egen lovhjemmel",
        wait_time="Svar innen to arbeidsdager.",
        expects="Hva saken gjelder, og om skolen allerede har svart.",
        internal_route="Ansatte kan også be ombudet om råd i enkeltsaker, uten navn.",
        phone="35 99 25 20",
        email=f"elevombudet@{FYLKE}",
        location="porsgrunn-vgs",
        contact=("Nora Amundsen", "Elev- og lærlingombud"),
    ),
    # --- PPT -------------------------------------------------------------------------------------
    DemoService(
        key="ppt-sakkyndig",
        name="Sakkyndig vurdering og oppfølging – PPT Porsgrunn",
        organization="ppt",
        sector=Sector.PPT,
        needs=(LE, DI),
        description="Vi finner ut om barnet ditt trenger ekstra hjelp i barnehagen eller på "
        "skolen, og hva slags hjelp som passer. Vi snakker med barnet, med dere og med "
        "lærerne, og skriver en sakkyndig vurdering.",
        eligibility="Barn i barnehage og elever i grunnskolen i Porsgrunn.",
        application="Barnehagen eller skolen sender en henvisning sammen med dere. Dere "
        "foreldre kan også be om en vurdering selv.",
        min_age=0,
        max_age=16,
        self_referral=True,
        referral_from="Barnehage eller skole, med samtykke fra foreldrene",
        routes=(REFERRAL, SCHOOL_ROUTE),
        legal_basis="opplæringsloven kapittel 11 og barnehageloven § 31",
        wait_time="Sakkyndig vurdering innen tre måneder.",
        expects="Henvisningsskjema, pedagogisk rapport og samtykke fra foreldrene.",
        internal_route="Drøft saken anonymt på PPTs faste drøftingsmøte før henvisning.",
        phone="35 99 14 10",
        email=f"ppt@{KOMMUNE}",
        location="radhuset",
        languages=("nb", "en", "ar"),
        contact=("Eva Moen", "Leder PPT"),
    ),
    DemoService(
        key="ppt-lese-skrive",
        name="Lese- og skrivevansker – utredning og råd (PPT)",
        organization="ppt",
        sector=Sector.PPT,
        needs=(LE,),
        description="Strever barnet ditt med å lese eller skrive? Vi kartlegger hva som er "
        "vanskelig, for eksempel dysleksi, og gir skolen og dere råd om hjelpemidler og "
        "undervisning.",
        eligibility="Elever i grunnskolen i Porsgrunn.",
        application="Skolen henviser etter samtale med dere.",
        min_age=6,
        max_age=16,
        self_referral=False,
        referral_from="Skolen, med samtykke fra foreldrene",
        routes=(SCHOOL_ROUTE, REFERRAL),
        legal_basis="opplæringsloven kapittel 11",
        wait_time="Om lag åtte uker.",
        expects="Resultater fra skolens kartlegging og hva som er prøvd av tiltak.",
        internal_route="Henvisning på PPTs skjema; legg ved kartleggingsresultater.",
        phone="35 99 14 11",
        email=f"ppt@{KOMMUNE}",
        location="radhuset",
        contact=("Amir Haddad", "PP-rådgiver"),
    ),
    DemoService(
        key="ppt-skolevegring",
        name="Skolevegring – veiledning til foreldre og skole (PPT)",
        organization="ppt",
        sector=Sector.PPT,
        needs=(SA, MH),
        description="Når et barn ikke klarer å gå på skolen, er det ofte angst eller noe "
        "annet vanskelig bak. Vi hjelper skolen og dere med å forstå hva som skjer og lage "
        "en trygg plan tilbake.",
        eligibility="Elever i grunnskolen med høyt fravær og foreldrene deres.",
        application="Skolen tar kontakt med PPT etter avtale med dere.",
        min_age=6,
        max_age=16,
        self_referral=False,
        referral_from="Skolen, ofte sammen med helsesykepleier",
        routes=(SCHOOL_ROUTE, REFERRAL),
        legal_basis="opplæringsloven kapittel 11",
        wait_time="Første møte innen to uker.",
        expects="Fraværsoversikt, skolens tiltak så langt og samtykke fra foreldrene.",
        internal_route="Se samarbeidsavtalen om skolefravær: skolen koordinerer, PPT veileder.",
        phone="35 99 14 12",
        email=f"ppt@{KOMMUNE}",
        location="radhuset",
        contact=("Amir Haddad", "PP-rådgiver"),
    ),
    # --- Health station and school health --------------------------------------------------------
    DemoService(
        key="helsestasjon-0-5",
        name="Helsestasjon for barn 0–5 år",
        organization="helsestasjon",
        sector=Sector.HEALTH_STATION,
        needs=(PH, FS),
        description="Vi følger med på hvordan barnet ditt vokser og utvikler seg, gir "
        "vaksiner og svarer på alt du lurer på som forelder – om søvn, mat, gråt og det å ha "
        "det tøft.",
        eligibility="Alle barn fra fødselen til skolestart som bor i Porsgrunn, og foreldrene "
        "deres.",
        application="Du får innkalling etter fødselen. Du kan alltid ringe oss mellom kontrollene.",
        min_age=0,
        max_age=5,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 1",
        wait_time="Hjemmebesøk innen 7–10 dager etter fødselen.",
        expects="Ved bekymring fra barnehagen: hva dere har sett og om foreldrene vet om det.",
        internal_route="Barnehagen kan be om et felles møte med helsesykepleier etter samtykke.",
        phone="35 99 15 10",
        email=f"helsestasjonen@{KOMMUNE}",
        location="familiens-hus",
        languages=("nb", "en", "ar", "so", "ti", "uk", "pl"),
        contact=("Hilde Strand", "Avdelingsleder"),
    ),
    DemoService(
        key="skolehelsetjenesten",
        name="Skolehelsetjenesten – helsesykepleier på skolen",
        organization="helsestasjon",
        sector=Sector.HEALTH_STATION,
        needs=(MH, PH, SE, BU, VA),
        description="Du kan snakke med helsesykepleieren om alt – kropp, følelser, venner, "
        "hjemme, sex eller rus. Helsesykepleieren har taushetsplikt, og du trenger ingen "
        "timeavtale når kontoret er åpent.",
        eligibility="Alle elever i grunnskolen og videregående skole i Porsgrunn.",
        application="Kom innom kontoret på skolen din, eller send en melding.",
        min_age=6,
        max_age=20,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 1",
        wait_time="Samme dag når kontoret er åpent.",
        expects="Ved bekymring fra lærer: hva dere har sett, og om eleven vet at dere tar kontakt.",
        internal_route="Helsesykepleier deltar i skolens ressursteam og kan koble på "
        "kommunepsykolog, fastlege og BUP.",
        phone="35 99 15 30",
        email=f"helsestasjonen@{KOMMUNE}",
        location="vestsiden-ungdomsskole",
        hours=Hours("Åpen dør hver skoledag 08.30–14.30", WEEKDAYS, time(8, 30), time(14, 30)),
        languages=("nb", "en"),
        contact=("Kari Nordmann", "Helsesykepleier"),
    ),
    DemoService(
        key="helsestasjon-for-ungdom",
        name="Helsestasjon for ungdom (HFU)",
        organization="helsestasjon",
        sector=Sector.HEALTH_STATION,
        needs=(SE, PH, MH),
        description="Drop-in for deg som er ung. Her får du prevensjon, test for "
        "kjønnssykdommer og graviditetstest, og du kan snakke om det du lurer på. Du trenger "
        "ikke time, og vi har taushetsplikt.",
        eligibility="Ungdom fra 13 til og med 23 år.",
        application="Bare kom innom i åpningstiden.",
        min_age=13,
        max_age=23,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 1",
        wait_time="Ingen – drop-in.",
        expects="Ingen henvisning. Fagfolk kan ringe for å drøfte anonymt.",
        internal_route="Lege på HFU kan henvise videre til gynekolog eller BUP.",
        phone="35 99 15 20",
        email=f"helsestasjonen@{KOMMUNE}",
        location="familiens-hus",
        hours=Hours("Mandag og onsdag 14.00–18.00", "MO,WE", time(14), time(18)),
        languages=("nb", "en"),
        contact=("Kari Nordmann", "Helsesykepleier"),
    ),
    DemoService(
        key="jordmor-unge",
        name="Jordmor og svangerskapsomsorg for unge",
        organization="helsestasjon",
        sector=Sector.HEALTH_STATION,
        needs=(SE, PH, FS),
        description="Er du ung og gravid, eller usikker på hva du skal gjøre? Jordmor snakker "
        "med deg om alle valgene dine og følger deg gjennom svangerskapet hvis du ønsker det.",
        eligibility="Gravide i Porsgrunn. Egen ungdomstime for deg under 24 år.",
        application="Ring jordmortjenesten eller spør på helsestasjon for ungdom.",
        min_age=13,
        max_age=24,
        self_referral=True,
        routes=(GP,),
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 2",
        wait_time="Første samtale innen én uke.",
        expects="Ingen henvisning.",
        internal_route="Ved rus, vold eller omsorgsbekymring: tverrfaglig møte med samtykke.",
        phone="35 99 15 40",
        email=f"helsestasjonen@{KOMMUNE}",
        location="familiens-hus",
        languages=("nb", "en", "ar", "so"),
        contact=("Guro Næss", "Jordmor"),
    ),
    DemoService(
        key="foreldreveiledning",
        name="Foreldreveiledning i gruppe – helsestasjonen",
        organization="helsestasjon",
        sector=Sector.HEALTH_STATION,
        needs=(FS,),
        description="Er det mye krangling, grensesetting og dårlig stemning hjemme? I "
        "foreldregruppen møter du andre foreldre og lærer enkle grep for en roligere "
        "hverdag.",
        eligibility="Foreldre til barn 0–12 år i Porsgrunn.",
        application="Meld deg på via helsestasjonen. Du kan også bli anbefalt av barnehagen "
        "eller skolen.",
        min_age=0,
        max_age=12,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 1",
        wait_time="Nye grupper starter i september og januar.",
        expects="Ingen henvisning.",
        internal_route="Anbefal gjerne kurset i foreldresamtaler; foreldrene melder seg på selv.",
        phone="35 99 15 11",
        email=f"helsestasjonen@{KOMMUNE}",
        location="familiens-hus",
        hours=Hours("Torsdager 17.30–19.30 i kursperioden", "TH", time(17, 30), time(19, 30)),
        languages=("nb", "ar", "so"),
        contact=("Hilde Strand", "Avdelingsleder"),
    ),
    DemoService(
        key="samtalegruppe-skilte-foreldre",
        name="Samtalegruppe for barn med skilte foreldre",
        organization="helsestasjon",
        sector=Sector.HEALTH_STATION,
        needs=(FS, MH),
        description="Har foreldrene dine flyttet fra hverandre? I gruppen møter du andre som "
        "har opplevd det samme, og dere snakker om det som er fint og det som er vanskelig.",
        eligibility="Barn på 4.–10. trinn med foreldre som har flyttet fra hverandre.",
        application="Meld deg på hos helsesykepleier på skolen din. En av foreldrene må "
        "samtykke hvis du er under 16 år.",
        min_age=9,
        max_age=15,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 1",
        wait_time="Ny gruppe hvert halvår.",
        expects="Ingen henvisning.",
        internal_route="Tips gjerne eleven og foreldrene om gruppen.",
        reviewed=OVERDUE_B,
        phone="35 99 15 31",
        email=f"helsestasjonen@{KOMMUNE}",
        location="familiens-hus",
        hours=Hours("Onsdager 14.00–15.30, åtte ganger", "WE", time(14), time(15, 30)),
        contact=("Kari Nordmann", "Helsesykepleier"),
    ),
    # --- Child welfare ---------------------------------------------------------------------------
    DemoService(
        key="barnevern-bekymring",
        name="Meld bekymring til barnevernet",
        organization="barnevern",
        sector=Sector.CHILD_WELFARE,
        needs=(VA, FS, CR),
        description="Er du bekymret for et barn, eller for deg selv? Du kan ringe eller "
        "skrive til barnevernet. Vi vurderer alle meldinger innen én uke, og raskere når det "
        "haster. Du kan være anonym hvis du ikke er ansatt i en offentlig tjeneste.",
        eligibility="Alle som er bekymret for et barn under 18 år i Porsgrunn – også barnet selv.",
        application="Ring oss, send melding gjennom kommunens digitale skjema, eller kom innom.",
        min_age=0,
        max_age=17,
        self_referral=True,
        legal_basis="barnevernsloven § 2-1",
        wait_time="Meldingen vurderes innen én uke; akutte saker samme dag.",
        expects="Hvem barnet er, hva du har sett eller hørt, når det skjedde, og om "
        "foreldrene vet om meldingen.",
        internal_route="Offentlig ansatte har opplysningsplikt til barnevernet og melder med "
        "navn. Drøft gjerne anonymt med barnevernet først.",
        phone="35 99 16 10",
        email=f"barnevern@{KOMMUNE}",
        location="barnevern",
        languages=("nb", "en"),
        contact=("Nina Dahl", "Barnevernleder"),
    ),
    DemoService(
        key="barnevern-hjelpetiltak",
        name="Hjelpetiltak i hjemmet – barnevernstjenesten",
        organization="barnevern",
        sector=Sector.CHILD_WELFARE,
        needs=(FS, VA),
        description="Vi hjelper familier når hverdagen er for tung: med foreldreveiledning, "
        "en fast voksen for barnet, avlastning eller økonomisk støtte til aktiviteter. "
        "Målet er at barnet skal ha det trygt og godt hjemme.",
        eligibility="Barn under 18 år og familiene deres når barnet har særlige behov.",
        application="Ta kontakt selv, eller be helsesykepleier, skolen eller NAV om hjelp til å "
        "ta kontakt.",
        min_age=0,
        max_age=17,
        self_referral=True,
        routes=(REFERRAL,),
        legal_basis="barnevernsloven § 3-1",
        wait_time="Undersøkelse innen tre måneder; tiltak starter ofte før.",
        expects="Samtykke fra foreldrene og, når barnet er gammelt nok, barnets egne ønsker.",
        internal_route="Etter undersøkelse lager barnevernet en tiltaksplan; skole og "
        "helsestasjon inviteres til samarbeidsmøter med samtykke.",
        phone="35 99 16 11",
        email=f"barnevern@{KOMMUNE}",
        location="barnevern",
        languages=("nb", "en", "ar", "so"),
        contact=("Tor Lie", "Barnevernspedagog"),
    ),
    DemoService(
        key="barnevern-familierad",
        name="Familieråd – barnevernstjenesten",
        organization="barnevern",
        sector=Sector.CHILD_WELFARE,
        needs=(FS,),
        description="I et familieråd samler dere slekt og venner som bryr seg om barnet, og "
        "lager selv en plan for hvordan dere kan hjelpe. En nøytral koordinator hjelper dere "
        "med å forberede møtet.",
        eligibility="Familier som har kontakt med barnevernstjenesten.",
        application="Spør saksbehandleren din i barnevernet.",
        min_age=0,
        max_age=17,
        self_referral=False,
        referral_from="Saksbehandler i barnevernstjenesten",
        routes=(REFERRAL,),
        legal_basis="barnevernsloven § 3-1",
        wait_time="Møte innen seks uker.",
        expects="Samtykke fra familien.",
        internal_route="Saksbehandler bestiller koordinator fra barnevernets familierådsteam.",
        phone="35 99 16 12",
        email=f"barnevern@{KOMMUNE}",
        location="barnevern",
        contact=("Tor Lie", "Barnevernspedagog"),
    ),
    DemoService(
        key="barnevern-ettervern",
        name="Oppfølging etter 18 år (ettervern) – barnevernstjenesten",
        organization="barnevern",
        sector=Sector.CHILD_WELFARE,
        needs=(MO, WO, FS),
        description="Har du hatt hjelp fra barnevernet? Da kan du få fortsette med hjelp "
        "etter at du har fylt 18 – for eksempel med bolig, økonomi, skole og jobb, og en fast "
        "voksen å snakke med.",
        eligibility="Unge fra 18 år til de fyller 25, som hadde tiltak fra barnevernet før de "
        "fylte 18.",
        application="Snakk med kontaktpersonen din i barnevernet før du fyller 18, eller ta "
        "kontakt senere.",
        min_age=18,
        max_age=24,
        self_referral=True,
        legal_basis="barnevernsloven kapittel 3 (tiltak etter fylte 18 år)",
        wait_time="Samtale innen to uker.",
        expects="Ungdommens eget samtykke.",
        internal_route="Planlegg overgangen sammen med NAV fra ungdommen er 17 år.",
        phone="35 99 16 13",
        email=f"barnevern@{KOMMUNE}",
        location="barnevern",
        languages=("nb", "en"),
        contact=("Tor Lie", "Barnevernspedagog"),
    ),
    DemoService(
        key="barnevernvakt",
        name="Barnevernvakt – kveld, natt og helg",
        organization="barnevern",
        sector=Sector.CHILD_WELFARE,
        needs=(CR, VA),
        description="Er det ikke trygt hjemme nå, eller har det skjedd noe alvorlig? Ring "
        "116 111 når barnevernskontoret er stengt. Du får snakke med barnevernsarbeidere som "
        "kan komme ut eller sende hjelp.",
        eligibility="Barn og unge under 18 år i Porsgrunn, og voksne som er bekymret for dem.",
        application="Ring 116 111. Er det fare for liv, ring 112 (politi) eller 113 (ambulanse).",
        min_age=0,
        max_age=17,
        self_referral=True,
        legal_basis="barnevernsloven kapittel 4 (akuttiltak)",
        wait_time="Svar med en gang.",
        expects="Hvor barnet er nå, og hva som har skjedd.",
        internal_route="Politiet og legevakt kontakter barnevernvakten direkte.",
        phone="116 111",
        hours=Hours("Kveld, natt, helg og helligdager", "MO,TU,WE,TH,FR,SA,SU"),
        location=None,
        contact=("Tor Lie", "Barnevernspedagog, vaktordningen"),
    ),
    # --- NAV -------------------------------------------------------------------------------------
    DemoService(
        key="nav-ungdomsveileder",
        name="Ungdomsveileder i NAV Porsgrunn",
        organization="nav",
        sector=Sector.NAV,
        needs=(WO, MO),
        description="Er du ferdig med skolen, eller har du sluttet, og vet ikke helt hva du vil "
        "gjøre? En fast veileder hjelper deg med jobb, utdanning, penger og en plan som "
        "passer deg.",
        eligibility="Ungdom mellom 16 og 29 år som bor i Porsgrunn.",
        application="Ring NAV eller kom innom. Du kan også bli henvist av OT, skolen eller "
        "barnevernet.",
        min_age=16,
        max_age=29,
        self_referral=True,
        referral_from="Oppfølgingstjenesten, skole, barnevern",
        routes=(REFERRAL,),
        legal_basis="NAV-loven § 14 a",
        wait_time="Første samtale innen to uker.",
        expects="Samtykke til å dele opplysninger, og hva ungdommen selv ønsker.",
        internal_route="Meld ungdom fra 16 år i felles møte med OT; NAV deltar i ansvarsgruppen.",
        phone="35 99 17 10",
        email="nav.porsgrunn@nav.invalid",
        location="nav",
        hours=Hours("Mandag–fredag 09.00–15.00", WEEKDAYS, time(9), time(15)),
        languages=("nb", "en", "ar", "so", "pl"),
        contact=("Lars Vik", "Veileder ungdom"),
    ),
    DemoService(
        key="nav-okonomisk-sosialhjelp",
        name="Økonomisk sosialhjelp",
        organization="nav",
        sector=Sector.NAV,
        needs=(MO,),
        description="Har du ikke penger til mat, husleie eller andre nødvendige ting? Da kan "
        "du søke om økonomisk sosialhjelp. Vi ser på hele situasjonen din og hjelper deg med "
        "en plan.",
        eligibility="Alle over 18 år som oppholder seg i Porsgrunn og ikke kan forsørge seg selv.",
        application="Søk digitalt på nav.no eller kom innom NAV-kontoret.",
        min_age=18,
        max_age=None,
        self_referral=True,
        legal_basis="sosialtjenesteloven § 18",
        wait_time="Vedtak innen tre uker; nødhjelp samme dag.",
        expects="Søknad med kontoutskrift og oversikt over utgifter.",
        internal_route="Unge under 30 får krav om aktivitet og en fast veileder.",
        reviewed=REVIEWED_SPRING,
        phone="35 99 17 11",
        email="nav.porsgrunn@nav.invalid",
        location="nav",
        hours=Hours("Mandag–fredag 09.00–15.00", WEEKDAYS, time(9), time(15)),
        languages=("nb", "en", "ar", "so", "pl"),
        contact=("Vegard Tangen", "Sosialkonsulent"),
    ),
    DemoService(
        key="nav-bolig",
        name="Hjelp til bolig og midlertidig sted å bo",
        organization="nav",
        sector=Sector.NAV,
        needs=(MO, CR),
        description="Har du ikke et sted å sove i natt, eller er du kastet ut? Ta kontakt med "
        "NAV. Vi hjelper deg med et midlertidig sted å bo og med å finne en fast bolig.",
        eligibility="Personer over 18 år i Porsgrunn som ikke har et sted å bo.",
        application="Kom til NAV-kontoret eller ring. Utenom åpningstid: ring legevakt på "
        "116 117, som kan hjelpe deg videre.",
        min_age=18,
        max_age=None,
        self_referral=True,
        legal_basis="sosialtjenesteloven § 27",
        wait_time="Samme dag.",
        expects="Hvor personen bor nå, og om det er barn i familien.",
        internal_route="Unge under 18 uten bosted er barnevernets ansvar: kontakt barnevernvakten.",
        phone="35 99 17 12",
        email="nav.porsgrunn@nav.invalid",
        location="nav",
        hours=Hours("Mandag–fredag 09.00–15.00", WEEKDAYS, time(9), time(15)),
        languages=("nb", "en"),
        contact=("Vegard Tangen", "Sosialkonsulent"),
    ),
    DemoService(
        key="nav-okonomisk-radgivning",
        name="Økonomisk rådgivning for unge",
        organization="nav",
        sector=Sector.NAV,
        needs=(MO,),
        description="Har du fått inkasso, kredittkortgjeld eller mistet oversikten? Vi hjelper "
        "deg med å sette opp et budsjett og snakke med dem du skylder penger.",
        eligibility="Alle over 16 år som bor i Porsgrunn.",
        application="Ring NAV og be om økonomisk rådgivning.",
        min_age=16,
        max_age=None,
        self_referral=True,
        legal_basis="sosialtjenesteloven § 17",
        wait_time="Innen tre uker.",
        expects="Oversikt over gjeld og inntekt.",
        internal_route="Kan kombineres med oppfølging fra ungdomsveileder.",
        phone="35 99 17 13",
        email="nav.porsgrunn@nav.invalid",
        location="nav",
        contact=("Vegard Tangen", "Sosialkonsulent"),
    ),
    DemoService(
        key="nav-kvalifiseringsprogrammet",
        name="Kvalifiseringsprogrammet",
        organization="nav",
        sector=Sector.NAV,
        needs=(WO, MO),
        description="Et program på fulltid med tiltak, opplæring og oppfølging, og en "
        "fast stønad mens du deltar. For deg som trenger tett hjelp for å komme i jobb.",
        eligibility="Personer over 18 år med vesentlig nedsatt arbeids- og inntektsevne.",
        application="Snakk med veilederen din i NAV.",
        min_age=18,
        max_age=None,
        self_referral=True,
        legal_basis="sosialtjenesteloven § 29",
        wait_time="Vurdering innen fire uker.",
        expects="Arbeidsevnevurdering fra NAV.",
        internal_route="Vurderes av veileder; ansvarsgruppe med helsetjenesten ved behov.",
        phone="35 99 17 14",
        email="nav.porsgrunn@nav.invalid",
        location="nav",
        contact=("Lars Vik", "Veileder ungdom"),
    ),
    DemoService(
        key="nav-ips-ung",
        name="Jobbspesialist for unge med psykiske helseplager (IPS ung)",
        organization="nav",
        sector=Sector.NAV,
        needs=(WO, MH),
        description="Vil du jobbe eller studere, men sliter med psykisk helse eller rus? En "
        "jobbspesialist hjelper deg med å finne og beholde en jobb som passer deg, sammen "
        "med behandleren din.",
        eligibility="Unge mellom 16 og 29 år som får hjelp for psykisk helse eller rus.",
        application="Be behandleren din eller veilederen din i NAV om å henvise deg.",
        min_age=16,
        max_age=29,
        self_referral=False,
        referral_from="Psykisk helse og rus, BUP eller NAV-veileder",
        routes=(REFERRAL,),
        legal_basis="NAV-loven § 14 a",
        wait_time="Oppstart innen tre uker.",
        expects="Ungdommens ønske om jobb og samtykke til samarbeid med behandler.",
        internal_route="Behandler og jobbspesialist møtes hver måned.",
        phone="35 99 17 15",
        email="nav.porsgrunn@nav.invalid",
        location="nav",
        contact=("Lars Vik", "Veileder ungdom"),
    ),
    # --- Mental health and substance use ---------------------------------------------------------
    DemoService(
        key="lavterskel-samtaler",
        name="Samtaletilbud for barn og unge – uten henvisning",
        organization="psykisk-helse",
        sector=Sector.MENTAL_HEALTH,
        needs=(MH, CR),
        description="Er du lei deg, redd, stresset eller har tunge tanker? Du kan snakke med "
        "oss uten henvisning. Vi har vanligvis 3–8 samtaler, og sammen finner vi ut hva som "
        "kan hjelpe.",
        eligibility="Barn og unge fra 12 til og med 24 år i Porsgrunn, og foreldrene deres.",
        application="Ring, send en melding eller be helsesykepleier om å ta kontakt for deg.",
        min_age=12,
        max_age=24,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 4",
        wait_time="Første samtale innen to uker.",
        expects="Ved henvisning: kort beskrivelse av vansken og hva ungdommen ønsker.",
        internal_route="Ved selvmordsfare: ikke vent – ring legevakt 116 117 eller BUPs "
        "akutteam via legevakt.",
        phone="35 99 18 10",
        email=f"psykiskhelse.ung@{KOMMUNE}",
        location="psykisk-helse",
        hours=Hours("Mandag–fredag 08.00–15.30, torsdag til 19.00", WEEKDAYS, time(8), time(19)),
        languages=("nb", "en"),
        contact=("Ida Foss", "Psykologspesialist"),
    ),
    DemoService(
        key="kommunepsykolog",
        name="Kommunepsykolog for barn og unge",
        organization="psykisk-helse",
        sector=Sector.MENTAL_HEALTH,
        needs=(MH,),
        description="Kommunepsykologen hjelper barn og unge med angst, nedstemthet og "
        "vanskelige opplevelser, og veileder foreldre og fagfolk rundt barnet.",
        eligibility="Barn og unge 0–24 år i Porsgrunn.",
        application="Henvisning fra helsesykepleier, fastlege eller skolen. Foreldre kan ta "
        "kontakt for råd.",
        min_age=0,
        max_age=24,
        self_referral=False,
        referral_from="Helsesykepleier, fastlege, PPT eller barnevern",
        routes=(REFERRAL, GP),
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 4",
        wait_time="Om lag fire uker.",
        expects="Henvisning med beskrivelse av vansken, hva som er prøvd, og samtykke.",
        internal_route="Drøft gjerne saken anonymt i det tverrfaglige drøftingsteamet først.",
        phone="35 99 18 11",
        email=f"psykiskhelse.ung@{KOMMUNE}",
        location="psykisk-helse",
        contact=("Ida Foss", "Psykologspesialist"),
    ),
    DemoService(
        key="depresjonskurs-ungdom",
        name="Kurs i mestring av tunge tanker for ungdom",
        organization="psykisk-helse",
        sector=Sector.MENTAL_HEALTH,
        needs=(MH,),
        description="På kurset lærer du hvordan tanker, følelser og det du gjør henger "
        "sammen, og hva du kan gjøre når livet føles tungt. Dere er 6–10 ungdommer og to "
        "kursledere.",
        eligibility="Ungdom 14–19 år som er nedstemt eller har tunge tanker.",
        application="Meld deg på selv eller via helsesykepleier.",
        min_age=14,
        max_age=19,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 1",
        wait_time="Nytt kurs hver høst og vår.",
        expects="Ingen henvisning.",
        internal_route="Passer ikke ved akutt selvmordsfare – da gjelder akuttrutinen.",
        phone="35 99 18 12",
        email=f"psykiskhelse.ung@{KOMMUNE}",
        location="psykisk-helse",
        hours=Hours("Tirsdager 15.00–17.00, ti ganger", "TU", time(15), time(17)),
        contact=("Ida Foss", "Psykologspesialist"),
    ),
    DemoService(
        key="ruskonsulent-ungdom",
        name="Ruskonsulent for ungdom og familier",
        organization="psykisk-helse",
        sector=Sector.MENTAL_HEALTH,
        needs=(SU, FS),
        description="Lurer du på om du drikker eller røyker hasj for mye? Eller er du bekymret "
        "for ditt eget barn? Ruskonsulenten snakker med deg uten å dømme, og hjelper deg "
        "med å finne ut hva du vil gjøre.",
        eligibility="Ungdom 13–24 år og foreldre i Porsgrunn.",
        application="Ring eller send en melding. Du kan være anonym i første samtale.",
        min_age=13,
        max_age=24,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 4",
        wait_time="Innen én uke.",
        expects="Ingen henvisning. Ved henvisning: hva dere er bekymret for.",
        internal_route="Samarbeider med SLT om ungdomskontrakter og med BUP om behandling.",
        phone="35 99 18 13",
        email=f"psykiskhelse.ung@{KOMMUNE}",
        location="psykisk-helse",
        contact=("Kristian Aune", "Ruskonsulent"),
    ),
    DemoService(
        key="barn-som-parorende",
        name="Barn som pårørende – samtaler når mamma eller pappa er syk",
        organization="psykisk-helse",
        sector=Sector.MENTAL_HEALTH,
        needs=(FS, MH, SU),
        description="Er mamma eller pappa psykisk syk, ruser seg eller er alvorlig syk? Da kan "
        "du få snakke med noen om hvordan du har det, og få vite mer om sykdommen. Det er "
        "ikke din feil.",
        eligibility="Barn og unge 6–18 år med foreldre eller søsken som er syke eller ruser seg.",
        application="Ta kontakt selv, eller be helsesykepleier eller legen til forelderen din "
        "om å ta kontakt.",
        min_age=6,
        max_age=18,
        self_referral=True,
        routes=(REFERRAL,),
        legal_basis="helsepersonelloven § 10 a",
        wait_time="Innen to uker.",
        expects="Samtykke fra en av foreldrene når barnet er under 16.",
        internal_route="Barneansvarlig i helsetjenesten melder behovet hit.",
        phone="35 99 18 14",
        email=f"psykiskhelse.ung@{KOMMUNE}",
        location="psykisk-helse",
        contact=("Ida Foss", "Psykologspesialist"),
    ),
    # --- Refugee and integration -----------------------------------------------------------------
    DemoService(
        key="introduksjonsprogrammet",
        name="Introduksjonsprogrammet",
        organization="flyktning",
        sector=Sector.REFUGEE,
        needs=(LA, WO),
        description="Er du bosatt som flyktning i Porsgrunn? I introduksjonsprogrammet lærer du "
        "norsk, får karriereveiledning og forbereder deg på jobb eller utdanning. Du får "
        "introduksjonsstønad mens du deltar.",
        eligibility="Nyankomne flyktninger fra 18 år med rett og plikt etter integreringsloven.",
        application="Du får tilbud når du blir bosatt. Ta kontakt med programrådgiveren din.",
        min_age=18,
        max_age=55,
        self_referral=False,
        referral_from="Bosetting gjennom IMDi",
        routes=(REFERRAL,),
        legal_basis="integreringsloven § 8",
        wait_time="Oppstart innen tre måneder etter bosetting.",
        expects="Kompetansekartlegging og integreringsplan.",
        internal_route="Programrådgiver koordinerer med NAV og voksenopplæringen.",
        reviewed=OVERDUE_C,
        phone="35 99 19 10",
        email=f"flyktning@{KOMMUNE}",
        location="flyktning",
        languages=("nb", "en", "ar", "ti", "so", "uk"),
        contact=("Omar Yusuf", "Programrådgiver"),
    ),
    DemoService(
        key="norskopplaering",
        name="Opplæring i norsk og samfunnskunnskap",
        organization="flyktning",
        sector=Sector.REFUGEE,
        needs=(LA,),
        description="Lær norsk på et nivå som passer deg, på dagtid eller kveld. Du lærer "
        "også om hvordan samfunnet i Norge fungerer.",
        eligibility="Innvandrere over 18 år med rett eller plikt til opplæring etter "
        "integreringsloven.",
        application="Søk via flyktningtjenesten. Andre kan spørre om ledig plass mot betaling.",
        min_age=18,
        max_age=None,
        self_referral=True,
        legal_basis="integreringsloven § 26",
        wait_time="Oppstart innen tre måneder.",
        expects="Oppholdstillatelse og eventuell tidligere opplæring.",
        internal_route="Flyktningtjenesten melder nye deltakere hver måned.",
        phone="35 99 19 11",
        email=f"flyktning@{KOMMUNE}",
        location="flyktning",
        hours=Hours("Mandag–torsdag 08.30–14.00 og 17.00–19.30", "MO,TU,WE,TH"),
        languages=("nb", "en", "ar", "ti", "uk"),
        contact=("Omar Yusuf", "Programrådgiver"),
        fees="Gratis for deg med rett til opplæring.",
    ),
    DemoService(
        key="enslige-mindrearige",
        name="Bo- og oppfølgingstjeneste for enslige mindreårige flyktninger",
        organization="flyktning",
        sector=Sector.REFUGEE,
        needs=(LA, FS, MO),
        description="Kom du til Norge uten foreldrene dine? Vi hjelper deg med et trygt sted å "
        "bo, skole, fritid og en fast voksen du kan stole på.",
        eligibility="Enslige mindreårige flyktninger bosatt i Porsgrunn, til og med 20 år.",
        application="Du får tilbudet når du blir bosatt i kommunen.",
        min_age=15,
        max_age=20,
        self_referral=False,
        referral_from="Bosetting gjennom IMDi",
        routes=(REFERRAL,),
        legal_basis="integreringsloven og barnevernsloven",
        wait_time="Fra første dag i kommunen.",
        expects="Vedtak om bosetting og verge.",
        internal_route="Samarbeider tett med verge, skole og barnevern.",
        phone="35 99 19 12",
        email=f"flyktning@{KOMMUNE}",
        location="flyktning",
        hours=ALWAYS,
        languages=("nb", "en", "ar", "ti", "so"),
        contact=("Omar Yusuf", "Programrådgiver"),
    ),
    DemoService(
        key="familieveiledning-nyankomne",
        name="Foreldreveiledning for nyankomne familier",
        organization="flyktning",
        sector=Sector.REFUGEE,
        needs=(FS, LA),
        description="Å bli forelder i et nytt land reiser mange spørsmål. Sammen med andre "
        "foreldre snakker vi om skole, barnehage, grensesetting og det å ha barn i Norge, på "
        "ditt eget språk.",
        eligibility="Foreldre i introduksjonsprogrammet og andre foreldre som har kommet til "
        "Norge de siste fem årene.",
        application="Spør programrådgiveren din eller helsestasjonen.",
        min_age=0,
        max_age=17,
        self_referral=True,
        legal_basis="integreringsloven § 14 a (innholdet i introduksjonsprogrammet)",
        wait_time="Nye grupper hvert halvår.",
        expects="Ingen henvisning.",
        internal_route="Helsestasjon og skoler kan anbefale gruppen.",
        phone="35 99 19 13",
        email=f"flyktning@{KOMMUNE}",
        location="flyktning",
        hours=Hours("Mandager 17.00–19.00 i kursperioden", "MO", time(17), time(19)),
        languages=("nb", "ar", "ti", "so", "uk"),
        contact=("Omar Yusuf", "Programrådgiver"),
    ),
    # --- Follow-up service (OT) ------------------------------------------------------------------
    DemoService(
        key="oppfolgingstjenesten",
        name="Oppfølgingstjenesten (OT) – hjelp tilbake til skole eller jobb",
        organization="ot",
        sector=Sector.FOLLOW_UP_SERVICE,
        needs=(SA, WO, LE),
        description="Har du sluttet på videregående, ikke fått læreplass eller vet ikke hva du "
        "vil? OT hjelper deg med å finne en vei videre – skole, lærlingplass, jobb eller noe "
        "annet som passer deg.",
        eligibility="Ungdom med rett til videregående opplæring som ikke går på skole, ikke "
        "har læreplass og ikke er i jobb.",
        application="Ring eller send en melding. Skolen melder fra til OT når du slutter.",
        min_age=15,
        max_age=21,
        self_referral=True,
        referral_from="Videregående skole, NAV",
        routes=(SCHOOL_ROUTE, REFERRAL),
        legal_basis="opplæringsloven (oppfølgingstjenesten)",
        wait_time="Vi tar kontakt innen to uker etter at vi får melding.",
        expects="Melding fra skolen om avbrudd, og ungdommens samtykke til samarbeid.",
        internal_route="Skolene melder avbrudd fortløpende; felles møte med NAV for unge over 18.",
        phone="35 99 20 10",
        email=f"ot.porsgrunn@{FYLKE}",
        location="porsgrunn-vgs",
        languages=("nb", "en"),
        contact=("Kine Bakke", "OT-rådgiver"),
    ),
    DemoService(
        key="ungdomslos",
        name="Ungdomslos – en fast voksen når du står i fare for å slutte",
        organization="ot",
        sector=Sector.FOLLOW_UP_SERVICE,
        needs=(SA, MH),
        description="En los er en voksen som har tid til deg. Losen hjelper deg med å komme "
        "deg på skolen, snakke med lærere og NAV, og holde ut når det er tungt.",
        eligibility="Elever i videregående skole med mye fravær eller som vurderer å slutte.",
        application="Spør rådgiveren eller OT-kontakten på skolen.",
        min_age=15,
        max_age=21,
        self_referral=True,
        routes=(SCHOOL_ROUTE,),
        legal_basis="opplæringsloven (oppfølgingstjenesten)",
        wait_time="Innen én uke.",
        expects="Elevens samtykke.",
        internal_route="Elevtjenesten melder behovet til OT.",
        phone="35 99 20 11",
        email=f"ot.porsgrunn@{FYLKE}",
        location="porsgrunn-vgs",
        hours=Hours("Mandag–fredag 08.00–16.00, ellers etter avtale", WEEKDAYS, time(8), time(16)),
        contact=("Kine Bakke", "OT-rådgiver"),
    ),
    # --- Culture and leisure ---------------------------------------------------------------------
    DemoService(
        key="fritidsklubb",
        name="Fritidsklubben på Ungdomshuset",
        organization="fritid",
        sector=Sector.CULTURE_LEISURE,
        needs=(LS, MH),
        description="Et sted å være etter skolen: spill, musikk, kafé, turer og voksne å prate "
        "med. Det er gratis, og du trenger ikke melde deg på.",
        eligibility="Ungdom 13–18 år.",
        application="Bare kom innom.",
        min_age=13,
        max_age=18,
        self_referral=True,
        legal_basis="folkehelseloven § 4",
        wait_time="Ingen.",
        expects="Ingen.",
        internal_route="Klubbleder deltar i SLT-nettverket og kan følge ungdom til andre "
        "tjenester.",
        phone="35 99 21 10",
        email=f"fritid@{KOMMUNE}",
        location="ungdomshuset",
        hours=Hours("Tirsdag–torsdag 15.00–21.00, fredag 18.00–23.00", "TU,WE,TH,FR"),
        languages=("nb", "en"),
        contact=("Linn Bakken", "Klubbleder"),
    ),
    DemoService(
        key="fritidsstotte",
        name="Fritidsstøtte – hjelp til å betale for aktiviteter",
        organization="fritid",
        sector=Sector.CULTURE_LEISURE,
        needs=(LS, MO),
        description="Vil du spille fotball, gå på dans eller være med på noe annet, men det "
        "koster for mye? Kommunen kan betale kontingent og utstyr.",
        eligibility="Barn og unge 6–18 år i familier med lav inntekt.",
        application="Foreldre søker på kommunens nettside. Vi hjelper gjerne med søknaden.",
        min_age=6,
        max_age=18,
        self_referral=True,
        legal_basis="folkehelseloven § 4",
        wait_time="Svar innen tre uker.",
        expects="Dokumentasjon på inntekt.",
        internal_route="NAV, barnevern og helsestasjon kan hjelpe familien med søknaden.",
        phone="35 99 21 11",
        email=f"fritid@{KOMMUNE}",
        location="radhuset",
        languages=("nb", "en", "ar", "so", "uk", "pl"),
        contact=("Linn Bakken", "Klubbleder"),
    ),
    DemoService(
        key="fritid-med-bistand",
        name="Fritid med bistand",
        organization="fritid",
        sector=Sector.CULTURE_LEISURE,
        needs=(LS, DI),
        description="Trenger du litt hjelp for å komme i gang med en aktivitet? Vi finner "
        "en aktivitet du har lyst til, og hjelper deg og lederne der de første gangene.",
        eligibility="Barn og unge 6–24 år som trenger støtte for å delta i fritidsaktiviteter.",
        application="Ring oss eller be en annen tjeneste om å ta kontakt.",
        min_age=6,
        max_age=24,
        self_referral=True,
        legal_basis="folkehelseloven § 4",
        wait_time="Innen fire uker.",
        expects="Hva personen liker å gjøre, og hva slags hjelp som trengs.",
        internal_route="Kan kombineres med støttekontakt.",
        phone="35 99 21 12",
        email=f"fritid@{KOMMUNE}",
        location="ungdomshuset",
        contact=("Linn Bakken", "Klubbleder"),
    ),
    DemoService(
        key="kulturskolen",
        name="Kulturskolen – musikk, dans, teater og kunst",
        organization="kulturskole",
        sector=Sector.CULTURE_LEISURE,
        needs=(LS,),
        description="Lær å spille et instrument, synge, danse, spille teater eller tegne, "
        "sammen med andre. Vi har friplasser for familier med lav inntekt.",
        eligibility="Barn og unge 6–19 år i Porsgrunn.",
        application="Søk på kulturskolens nettside innen 1. mai.",
        min_age=6,
        max_age=19,
        self_referral=True,
        legal_basis="opplæringsloven (kulturskoletilbud)",
        wait_time="Oppstart i august; noen fag har venteliste.",
        expects="Ingen.",
        internal_route="Be om friplass på vegne av familien via kulturskolens rektor.",
        phone="35 99 21 20",
        email=f"kulturskolen@{KOMMUNE}",
        location="kulturskole",
        hours=Hours("Mandag–torsdag 14.00–20.00", "MO,TU,WE,TH", time(14), time(20)),
        contact=("Camilla Strøm", "Rektor, kulturskolen"),
        fees="Semesteravgift. Søskenmoderasjon og friplasser.",
    ),
    # --- Police and SLT --------------------------------------------------------------------------
    DemoService(
        key="slt-koordinator",
        name="SLT – forebygging av rus og kriminalitet blant unge",
        organization="slt",
        sector=Sector.POLICE_SLT,
        needs=(SU, LH),
        description="SLT-koordinatoren får skole, politi, barnevern og fritid til å jobbe "
        "sammen når ungdom er på vei inn i rus eller kriminalitet. Foreldre kan også ta "
        "kontakt for råd.",
        eligibility="Ungdom 12–24 år i Porsgrunn og foreldrene deres.",
        application="Ring eller send e-post.",
        min_age=12,
        max_age=24,
        self_referral=True,
        legal_basis="Samarbeidsmodell anbefalt av Kriminalitetsforebyggende råd (KRÅD) – "
        "ingen egen lovhjemmel",
        wait_time="Innen én uke.",
        expects="Hva dere er bekymret for, og om ungdommen og foreldrene vet om det.",
        internal_route="Saker drøftes i SLT-gruppen hver måned, anonymt eller med samtykke.",
        phone="35 99 22 10",
        email=f"slt@{KOMMUNE}",
        location="radhuset",
        contact=("Mona Rud", "SLT-koordinator"),
    ),
    DemoService(
        key="ungdomskontrakt",
        name="Ungdomskontrakt – en avtale for å komme på rett kjøl",
        organization="slt",
        sector=Sector.POLICE_SLT,
        needs=(SU, LH),
        description="Har du gjort noe ulovlig eller brukt rusmidler? En ungdomskontrakt er en "
        "frivillig avtale mellom deg, foreldrene dine, politiet og kommunen. Du får hjelp og "
        "oppfølging i stedet for bare straff.",
        eligibility="Ungdom 12–17 år som har begått lovbrudd eller brukt rusmidler.",
        application="Politiet eller SLT-koordinatoren tar kontakt med deg og foreldrene.",
        min_age=12,
        max_age=17,
        self_referral=False,
        referral_from="Politiet eller SLT",
        routes=(REFERRAL,),
        legal_basis="Frivillig avtale – ingen egen lovhjemmel; kan brukes sammen med "
        "påtaleunnlatelse",
        wait_time="Kontrakten skrives innen tre uker.",
        expects="Samtykke fra ungdommen og foreldrene.",
        internal_route="Politiets forebyggende enhet og SLT avtaler oppfølgingen.",
        phone="35 99 22 11",
        email=f"slt@{KOMMUNE}",
        location="radhuset",
        contact=("Mona Rud", "SLT-koordinator"),
    ),
    DemoService(
        key="politikontakt",
        name="Politikontakt og forebyggende politi i Porsgrunn",
        organization="politi",
        sector=Sector.POLICE_SLT,
        needs=(VA, LH, CR),
        description="Har du vært utsatt for noe straffbart, eller lurer du på noe om loven? "
        "Politikontakten kan svare på spørsmål, hjelpe deg med å anmelde og følge opp ungdom. "
        "Er det akutt, ring 112.",
        eligibility="Alle i Porsgrunn – barn, unge, foreldre og fagfolk.",
        application="Ring politiets sentralbord 02800 og be om politikontakten i Porsgrunn, "
        "eller kom til politistasjonen.",
        min_age=None,
        max_age=None,
        self_referral=True,
        legal_basis="politiloven § 2 (forebygge kriminalitet)",
        wait_time="Svar innen to arbeidsdager. Akutt: ring 112.",
        expects="Hva saken gjelder; ved bekymring for vold: ring samme dag.",
        internal_route="Deltar i SLT-gruppen; kan drøfte saker anonymt med skole og barnevern.",
        phone="02800",
        location="politi",
        hours=Hours("Politikontakten: mandag–fredag 08.00–15.00", WEEKDAYS, time(8), time(15)),
        languages=("nb", "en"),
        contact=("Petter Moe", "Politikontakt"),
        fees="Gratis",
    ),
    DemoService(
        key="konfliktradet-ungdom",
        name="Ungdomsoppfølging og ungdomsstraff – Konfliktrådet",
        organization="konfliktradet",
        sector=Sector.POLICE_SLT,
        needs=(LH, SU),
        description="Har du begått et lovbrudd mellom 15 og 18 år? Konfliktrådet hjelper deg "
        "med å gjøre opp for deg, møte den som ble rammet hvis dere begge vil, og lage en "
        "plan for å komme videre.",
        eligibility="Ungdom som var 15–17 år da lovbruddet skjedde.",
        application="Saken kommer fra politiet eller retten.",
        min_age=15,
        max_age=17,
        self_referral=False,
        referral_from="Påtalemyndigheten eller domstolen",
        routes=(REFERRAL,),
        legal_basis="straffeloven § 52 a og konfliktrådsloven",
        wait_time="Ungdomsteamet samles innen to uker etter at saken er mottatt.",
        expects="Påtalevedtak eller dom.",
        internal_route="Ungdomskoordinator setter sammen et team med skole, NAV, barnevern og "
        "politi.",
        phone="35 99 28 10",
        email="konfliktradet@konfliktradet.invalid",
        location="radhuset",
        contact=("Birgitte Hauge", "Ungdomskoordinator"),
    ),
    # --- Specialist mental health (BUP) ----------------------------------------------------------
    DemoService(
        key="bup-poliklinikk",
        name="BUP – utredning og behandling for barn og unge",
        organization="bup",
        sector=Sector.SPECIALIST_BUP,
        needs=(MH,),
        description="BUP hjelper barn og unge med psykiske vansker som trenger mer enn "
        "kommunen kan gi, for eksempel alvorlig angst, depresjon, spiseforstyrrelser eller "
        "traumer. Vi snakker både med deg og med familien din.",
        eligibility="Barn og unge under 18 år som har fått rett til helsehjelp i "
        "spesialisthelsetjenesten.",
        application="Fastlegen, barnevernet eller kommunepsykologen sender en henvisning.",
        min_age=0,
        max_age=17,
        self_referral=False,
        referral_from="Fastlege, barnevern, kommunepsykolog eller legevakt",
        routes=(GP, REFERRAL),
        legal_basis="pasient- og brukerrettighetsloven § 2-1 b",
        wait_time="Henvisningen vurderes innen ti virkedager; ventetiden er ofte 6–10 uker.",
        expects="Henvisning med problemstilling, varighet, funksjon i hverdagen, tiltak som er "
        "prøvd, og opplysninger fra skole og PPT.",
        internal_route="Fagfolk kan ringe BUPs drøftingstelefon på tirsdager kl. 12–14.",
        phone="35 99 23 10",
        email="bup.porsgrunn@sthf.invalid",
        location="bup",
        languages=("nb", "en"),
        contact=("Anders Myhre", "Seksjonsleder"),
        fees="Gratis for barn og unge under 18 år.",
    ),
    DemoService(
        key="bup-akutt",
        name="Akutteam for barn og unge (BUP)",
        organization="bup",
        sector=Sector.SPECIALIST_BUP,
        needs=(CR, MH),
        description="Er det fare for at du skader deg selv eller tar livet ditt? BUPs "
        "akutteam vurderer deg samme dag. Ring legevakt på 116 117, eller 113 hvis det haster.",
        eligibility="Barn og unge under 18 år i akutt psykisk krise.",
        application="Via legevakt, fastlege eller BUP-behandleren din.",
        min_age=0,
        max_age=17,
        self_referral=False,
        referral_from="Legevakt eller fastlege",
        routes=(GP,),
        legal_basis="spesialisthelsetjenesteloven § 2-1 a og pasient- og "
        "brukerrettighetsloven § 2-1 b",
        wait_time="Samme dag.",
        expects="Telefon fra lege før henvisning.",
        internal_route="Skolen og helsesykepleier ringer legevakt ved akutt selvmordsfare.",
        phone="116 117",
        location="bup",
        hours=Hours("Hverdager 08.00–21.00; ellers via legevakten", WEEKDAYS, time(8), time(21)),
        contact=("Anders Myhre", "Seksjonsleder"),
    ),
    # --- Statped ---------------------------------------------------------------------------------
    DemoService(
        key="statped",
        name="Statped – spesialpedagogisk støtte via PPT",
        organization="statped",
        sector=Sector.STATPED,
        needs=(LE, DI),
        description="Statped hjelper PPT, barnehager og skoler når et barn har store og "
        "sammensatte behov, for eksempel syn, hørsel, tegnspråk eller alternativ "
        "kommunikasjon.",
        eligibility="Barn, unge og voksne med store eller sjeldne spesialpedagogiske behov.",
        application="PPT søker Statped om tjenester sammen med dere.",
        min_age=0,
        max_age=None,
        self_referral=False,
        referral_from="PPT",
        routes=(REFERRAL,),
        legal_basis="opplæringsloven og barnehageloven (statlig spesialpedagogisk støtte)",
        wait_time="Svar på søknaden innen seks uker.",
        expects="Søknad fra PPT med sakkyndig vurdering og samtykke.",
        internal_route="PPT har fast kontaktperson i Statped.",
        phone="35 99 26 10",
        email="post@statped.invalid",
        location="statped",
        contact=("Thomas Eide", "Seniorrådgiver"),
    ),
    # --- Family counselling ----------------------------------------------------------------------
    DemoService(
        key="familievern-samtaler",
        name="Familievernet – samtaler for par og familier",
        organization="familievern",
        sector=Sector.FAMILY_COUNSELLING,
        needs=(FS, MH),
        description="Krangler dere mye, eller er det vanskelig å være familie nå? Hos "
        "familievernet kan dere snakke med en terapeut, alene, som par eller sammen med "
        "barna.",
        eligibility="Alle familier, par og foreldre i Grenland.",
        application="Ring eller bestill time på nettsiden. Du trenger ingen henvisning.",
        min_age=None,
        max_age=None,
        self_referral=True,
        legal_basis="familievernkontorloven § 1",
        wait_time="Om lag fire uker.",
        expects="Ingen henvisning.",
        internal_route="Anbefal familien å ta kontakt selv; familievernet kan delta i møter "
        "med samtykke.",
        phone="35 99 27 10",
        email="familievern.grenland@bufetat.invalid",
        location="familievern",
        languages=("nb", "en", "pl"),
        contact=("Heidi Lunde", "Familieterapeut"),
    ),
    DemoService(
        key="familievern-mekling",
        name="Mekling og samtaler for barn når foreldre flytter fra hverandre",
        organization="familievern",
        sector=Sector.FAMILY_COUNSELLING,
        needs=(FS, LH),
        description="Skal dere flytte fra hverandre og har barn under 16 år? Da skal dere til "
        "mekling. Vi hjelper dere med å bli enige om bosted og samvær, og barna kan få snakke "
        "med oss selv.",
        eligibility="Foreldre med felles barn under 16 år som flytter fra hverandre.",
        application="Bestill time til mekling hos familievernkontoret.",
        min_age=0,
        max_age=15,
        self_referral=True,
        legal_basis="barneloven § 51",
        wait_time="Første meklingstime innen tre uker.",
        expects="Ingen.",
        internal_route="Ved vold i familien: egen mekling og vurdering av sikkerhet.",
        phone="35 99 27 11",
        email="familievern.grenland@bufetat.invalid",
        location="familievern",
        contact=("Heidi Lunde", "Familieterapeut og mekler"),
    ),
    # --- Other -----------------------------------------------------------------------------------
    DemoService(
        key="koordinerende-enhet",
        name="Individuell plan og barnekoordinator",
        organization="koordinerende-enhet",
        sector=Sector.OTHER,
        needs=(DI, FS),
        description="Har barnet ditt mange tjenester å forholde seg til? Vi hjelper dere med "
        "en individuell plan og en koordinator, så dere slipper å holde oversikten alene.",
        eligibility="Barn og unge med behov for langvarige og koordinerte tjenester, og "
        "familier som venter eller har barn med alvorlig sykdom eller funksjonsnedsettelse.",
        application="Søk på kommunens skjema, eller be en tjeneste om å hjelpe dere.",
        min_age=0,
        max_age=24,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven §§ 7-1, 7-2 a og 7-3",
        wait_time="Vedtak innen fire uker.",
        expects="Samtykke og oversikt over tjenestene barnet har i dag.",
        internal_route="Alle tjenester skal melde behov for individuell plan til koordinerende "
        "enhet.",
        phone="35 99 24 10",
        email=f"koordinerende.enhet@{KOMMUNE}",
        location="radhuset",
        languages=("nb", "en", "ar"),
        contact=("Ingrid Holt", "Leder, koordinerende enhet"),
    ),
    DemoService(
        key="avlastning",
        name="Avlastning og støttekontakt for barn og unge med funksjonsnedsettelse",
        organization="funksjonshemmede",
        sector=Sector.OTHER,
        needs=(DI, FS, LS),
        description="Trenger familien en pause, eller trenger barnet en voksen å gjøre ting "
        "sammen med? Vi tilbyr avlastning i hjem eller bolig og støttekontakt på fritiden.",
        eligibility="Familier med barn og unge som har særlig tyngende omsorgsoppgaver.",
        application="Søk på kommunens søknadsskjema for helse- og omsorgstjenester.",
        min_age=0,
        max_age=24,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b og d",
        wait_time="Vedtak innen fire uker; oppstart når tiltaket er på plass.",
        expects="Dokumentasjon av behovet og gjerne uttalelse fra lege eller habilitering.",
        internal_route="Koordinerende enhet kan hjelpe familien med søknaden.",
        phone="35 99 24 20",
        email=f"tjenester.funksjonsnedsettelse@{KOMMUNE}",
        location="radhuset",
        languages=("nb", "en", "ar", "so"),
        contact=("Ingrid Holt", "Leder, koordinerende enhet"),
    ),
    DemoService(
        key="habilitering",
        name="Habiliteringstjenesten for barn og unge",
        organization="habilitering",
        sector=Sector.OTHER,
        needs=(DI, LE),
        description="Vi utreder og følger opp barn og unge med for eksempel autisme, "
        "cerebral parese eller utviklingshemming, og gir råd til familien, barnehagen og "
        "skolen.",
        eligibility="Barn og unge under 18 år med medfødte eller tidlig ervervede "
        "funksjonsnedsettelser.",
        application="Fastlegen eller en annen lege sender en henvisning.",
        min_age=0,
        max_age=17,
        self_referral=False,
        referral_from="Fastlege eller annen lege",
        routes=(GP,),
        legal_basis="spesialisthelsetjenesteloven § 2-1 a",
        wait_time="Om lag åtte uker.",
        expects="Henvisning med beskrivelse av utvikling og funksjon, og rapporter fra PPT.",
        internal_route="PPT og helsestasjon kan be fastlegen om å henvise.",
        phone="35 99 23 20",
        email="habu@sthf.invalid",
        location="bup",
        languages=("nb", "en"),
        contact=("Astrid Kleven", "Spesialpedagog"),
    ),
    DemoService(
        key="legevakt",
        name="Legevakt – når det ikke kan vente",
        organization="legevakt",
        sector=Sector.OTHER,
        needs=(PH, CR),
        description="Er du syk eller skadet, og det kan ikke vente til fastlegen har åpent? "
        "Ring legevakten på 116 117 før du kommer. Er det fare for liv, ring 113.",
        eligibility="Alle som oppholder seg i kommunen.",
        application="Ring 116 117. Du får en vurdering på telefonen og time hvis du trenger det.",
        min_age=None,
        max_age=None,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 3 og § 3-5",
        wait_time="Etter hvor mye det haster.",
        expects="Ved selvmordsfare hos elev: ring sammen med eleven, og bli hos eleven til "
        "hjelpen er der.",
        internal_route="Legevakten kontakter BUPs akutteam og barnevernvakten ved behov.",
        phone="116 117",
        location="legevakt",
        hours=ALWAYS,
        languages=("nb", "en"),
        contact=("Runar Haugland", "Legevaktsjef"),
        fees="Egenandel etter satsene for legevakt. Gratis for barn under 16 år.",
    ),
    DemoService(
        key="fastlege",
        name="Fastlegen din",
        organization="fastleger",
        sector=Sector.OTHER,
        needs=(PH, MH, SE),
        description="Fastlegen er den første du kontakter når du er syk, har vondt, har "
        "spørsmål om prevensjon, eller trenger henvisning til BUP eller andre. Fra du er 16 "
        "år kan du gå til legen alene.",
        eligibility="Alle som bor i Norge har rett til en fast lege.",
        application="Bestill time hos fastlegen din. Vet du ikke hvem det er, sjekk helsenorge.no.",
        min_age=None,
        max_age=None,
        self_referral=True,
        legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 4",
        wait_time="Vanligvis innen fem arbeidsdager; akutte timer samme dag.",
        expects="Ved henvisning fra skole: samtykke og beskrivelse av bekymringen.",
        internal_route="Fastlegen henviser til BUP, habilitering og andre "
        "spesialisthelsetjenester.",
        location=None,
        phone="",
        hours=Hours("Etter avtale med legekontoret"),
        languages=("nb", "en"),
        contact=("Marte Lien", "Kommuneoverlege"),
        fees="Gratis for barn under 16 år. Egenandel fra 16 år.",
    ),
    DemoService(
        key="tannhelse",
        name="Tannhelsetjenesten – tannlege for barn og unge",
        organization="tannhelse",
        sector=Sector.OTHER,
        needs=(PH,),
        description="Vi kaller inn barn og unge til jevnlige kontroller. Det er gratis til og "
        "med det året du fyller 18. Har du tannverk, kan du ringe oss.",
        eligibility="Barn og unge i Porsgrunn.",
        application="Du får innkalling. Ring klinikken ved tannverk eller skade.",
        min_age=0,
        max_age=24,
        self_referral=True,
        legal_basis="tannhelsetjenesteloven § 1-3",
        wait_time="Akutt tannverk: samme dag eller neste dag.",
        expects="Ved mistanke om omsorgssvikt: tannhelsetjenesten har opplysningsplikt til "
        "barnevernet.",
        internal_route="Tannhelsetjenesten melder til barnevernet ved mange uteblitte timer.",
        phone="35 99 25 10",
        email=f"tannhelse@{FYLKE}",
        location="tannklinikk",
        languages=("nb", "en"),
        contact=("Espen Halvorsen", "Klinikkleder"),
        fees="Gratis til og med det året du fyller 18. Redusert pris for unge voksne.",
    ),
    DemoService(
        key="krisesenter",
        name="Krisesenteret i Telemark",
        organization="krisesenter",
        sector=Sector.OTHER,
        needs=(VA, CR, MO),
        description="Blir du eller mamma eller pappa slått, truet eller kontrollert hjemme? "
        "På krisesenteret kan dere bo trygt en periode, få noen å snakke med og hjelp videre. "
        "Det er gratis, og du trenger ingen henvisning.",
        eligibility="Kvinner, menn og barn som er utsatt for vold eller trusler i nære relasjoner.",
        application="Ring når som helst. Barn under 18 kommer sammen med en forelder; er du "
        "alene, ring barnevernvakten på 116 111.",
        min_age=None,
        max_age=None,
        self_referral=True,
        legal_basis="krisesenterlova § 2",
        wait_time="Samme dag.",
        expects="Ingen henvisning. Ved henvendelse fra fagfolk: ring først, med den utsatte "
        "til stede hvis mulig.",
        internal_route="Krisesenteret varsler barnevernet når barn kommer til senteret.",
        phone="35 99 29 10",
        email="post@krisesenteret-telemark.invalid",
        location="krisesenter",
        hours=ALWAYS,
        languages=("nb", "en", "ar", "so", "pl"),
        contact=("Maria Olsen", "Daglig leder"),
    ),
    DemoService(
        key="rode-kors-leksehjelp",
        name="Leksehjelp – Porsgrunn Røde Kors",
        organization="porsgrunn-rode-kors",
        sector=Sector.OTHER,
        needs=(LE, LS),
        description="Få hjelp med leksene av frivillige, i et rolig rom med mat og drikke. "
        "Alle er velkomne, uten påmelding.",
        eligibility="Elever fra 5. trinn til og med videregående.",
        application="Bare kom innom.",
        min_age=10,
        max_age=19,
        self_referral=True,
        legal_basis="Frivillig tilbud – ingen lovhjemmel",
        wait_time="Ingen.",
        expects="Ingen.",
        internal_route="Skoler kan tipse elever om tilbudet.",
        phone="35 99 30 10",
        email="porsgrunn@rodekors.invalid",
        location="rode-kors",
        hours=Hours("Mandag og onsdag 16.00–18.30", "MO,WE", time(16), time(18, 30)),
        languages=("nb", "en"),
        interpreter="",
        contact=("Sofie Brekke", "Frivillig koordinator"),
    ),
    DemoService(
        key="rode-kors-flyktningguide",
        name="Flyktningguide – Porsgrunn Røde Kors",
        organization="porsgrunn-rode-kors",
        sector=Sector.OTHER,
        needs=(LA, LS),
        description="Er du ny i Porsgrunn? En frivillig guide blir kjent med deg, og dere "
        "gjør ting sammen – går på tur, øver på norsk og finner ut hvordan ting fungerer her.",
        eligibility="Flyktninger og innvandrere fra 16 år som har bodd i Norge i kort tid.",
        application="Ta kontakt med Røde Kors, eller spør programrådgiveren din.",
        min_age=16,
        max_age=None,
        self_referral=True,
        legal_basis="Frivillig tilbud – ingen lovhjemmel",
        wait_time="Om lag fire uker.",
        expects="Ingen.",
        internal_route="Flyktningtjenesten formidler kontakt med samtykke.",
        phone="35 99 30 11",
        email="porsgrunn@rodekors.invalid",
        location="rode-kors",
        hours=Hours("Etter avtale med guiden din"),
        languages=("nb", "en", "ar", "uk"),
        interpreter="",
        contact=("Sofie Brekke", "Frivillig koordinator"),
    ),
)

# National services: every fact here was checked against the page in `source` (or, where noted
# in the report that came with this data, a second public page). Hours, ages and languages are
# left out where they could not be checked.
NATIONAL_SERVICES: tuple[DemoService, ...] = (
    DemoService(
        key="national-alarmtelefonen",
        name="Alarmtelefonen for barn og unge – 116 111",
        organization="alarmtelefonen",
        sector=Sector.CHILD_WELFARE,
        needs=(VA, CR, FS),
        description="Blir du utsatt for vold, overgrep eller omsorgssvikt, eller er du i en "
        "vanskelig situasjon? Ring 116 111 og snakk med voksne som jobber i barnevernet. Det "
        "er gratis, og du kan være anonym. Trenger du hjelp med en gang, kontakter de politi "
        "eller legevakt der du er. Voksne som er bekymret for et barn, kan også ta kontakt.",
        eligibility="Barn og unge, og voksne som er bekymret for et barn.",
        application="Ring 116 111, send e-post, sms eller chat via 116111.no.",
        min_age=None,
        max_age=None,
        self_referral=True,
        phone="116 111",
        url="https://www.116111.no",
        hours=Hours(
            "Telefon og e-post: døgnåpent. Chat og sms har egne åpningstider – se 116111.no.",
            "MO,TU,WE,TH,FR,SA,SU",
        ),
        interpreter="",
        national=True,
        source="https://www.116111.no/omalarmtelefonen",
    ),
    DemoService(
        key="national-kors-pa-halsen",
        name="Kors på halsen – Røde Kors",
        organization="rode-kors",
        sector=Sector.OTHER,
        needs=(MH, BU, FS, LS),
        description="Trenger du noen å snakke med? Hos Kors på halsen kan du ringe eller "
        "chatte med voksne frivillige i Røde Kors om det du vil – venner, familie, kropp, "
        "mobbing eller tunge tanker. Det er gratis og anonymt.",
        eligibility="Barn og unge under 18 år.",
        application="Ring 800 33 321 eller chat på korspahalsen.no.",
        min_age=None,
        max_age=17,
        self_referral=True,
        phone="800 33 321",
        url="https://korspahalsen.no",
        hours=Hours("Åpent ettermiddag og kveld hele året – se korspahalsen.no for tider."),
        interpreter="",
        national=True,
        source="https://www.rodekors.no/faste-givere/barn-i-norge/mars-2018/kors-pa-halsen/",
    ),
    DemoService(
        key="national-mental-helse-hjelpetelefonen",
        name="Hjelpetelefonen 116 123 og sidetmedord.no – Mental Helse",
        organization="mental-helse",
        sector=Sector.OTHER,
        needs=(MH, CR),
        description="Trenger du noen å snakke med? Mental Helses hjelpetelefon er gratis og "
        "åpen hele døgnet, for alle. Du kan også skrive på sidetmedord.no. Du kan være anonym, "
        "og de som svarer har taushetsplikt.",
        eligibility="Alle som trenger noen å snakke med.",
        application="Ring 116 123 eller skriv på sidetmedord.no.",
        min_age=None,
        max_age=None,
        self_referral=True,
        phone="116 123",
        url="https://sidetmedord.no",
        hours=ALWAYS,
        interpreter="",
        national=True,
        source="https://www.nrk.no/osloogviken/"
        "over-100-barn-under-ni-ar-har-tatt-kontakt-_-hjelpetelefoner-slar-alarm-1.15736352",
    ),
    DemoService(
        key="national-kirkens-sos",
        name="Kirkens SOS – krisetelefon 22 40 00 40",
        organization="kirkens-sos",
        sector=Sector.OTHER,
        needs=(MH, CR),
        description="Har du det vanskelig og trenger noen å snakke med? Kirkens SOS svarer "
        "hver dag, hele døgnet, også i helger, ferier og høytider. Du er anonym, og den du "
        "snakker med har taushetsplikt.",
        eligibility="Alle som er i en følelsesmessig krise eller har tunge tanker.",
        application="Ring 22 40 00 40. Er det kø, kan du sende en skriftlig melding på nettsiden.",
        min_age=None,
        max_age=None,
        self_referral=True,
        phone="22 40 00 40",
        url="https://www.kirkens-sos.no",
        hours=ALWAYS,
        interpreter="",
        fees="Koster det samme som en vanlig telefonsamtale. Kirkens SOS tar ikke betalt.",
        national=True,
        source="https://www.girku-sos.no/nordsamisk/telefon",
    ),
    DemoService(
        key="national-vo-linjen",
        name="Vold- og overgrepslinjen (VO-linjen) – 116 006",
        organization="krisesentersekretariatet",
        sector=Sector.OTHER,
        needs=(VA, CR),
        description="For deg som er utsatt for vold eller overgrep i en nær relasjon, og for "
        "familie og venner som er bekymret. Ring 116 006 når som helst. Det er gratis, og du "
        "kan være anonym.",
        eligibility="Voksne fra 18 år. Er du under 18, ring Alarmtelefonen på 116 111.",
        application="Ring 116 006.",
        min_age=18,
        max_age=None,
        self_referral=True,
        phone="116 006",
        url="https://volinjen.no",
        hours=ALWAYS,
        interpreter="",
        national=True,
        source="https://ldo.no/ombudet-og-samfunnet/siste-nytt2/vo-linjen-ny/",
    ),
    DemoService(
        key="national-ung-no",
        name="ung.no – svar på det du lurer på",
        organization="bufdir",
        sector=Sector.OTHER,
        needs=(LH, SE, PH, MH, WO),
        description="ung.no er statens informasjonskanal for ungdom. Her finner du svar om "
        "kropp, helse, sex, skole, jobb, rettighetene dine og lov og rett. Du kan også sende "
        "inn ditt eget spørsmål og få svar fra fagfolk.",
        eligibility="Spørretjenesten er for deg mellom 13 og 20 år.",
        application="Gå til ung.no.",
        min_age=13,
        max_age=20,
        self_referral=True,
        url="https://www.ung.no",
        hours=None,
        interpreter="",
        national=True,
        source="https://www.digiung.no/digital-ungdomsportal",
    ),
    DemoService(
        key="national-dinutvei",
        name="Dinutvei.no – veiviser ved vold og overgrep",
        organization="nkvts",
        sector=Sector.OTHER,
        needs=(VA, LH),
        description="Dinutvei.no forklarer hva vold i nære relasjoner, voldtekt og andre "
        "overgrep er, hvilke rettigheter du har, og hvor du kan få hjelp. Du kan sende inn "
        "spørsmål og få svar fra fagfolk.",
        eligibility="Alle som er utsatt for vold eller overgrep, som utøver vold, eller som "
        "kjenner noen som er utsatt.",
        application="Gå til dinutvei.no.",
        min_age=None,
        max_age=None,
        self_referral=True,
        wait_time="Spørsmål besvares så snart som mulig, og senest innen sju dager.",
        url="https://dinutvei.no",
        hours=None,
        interpreter="",
        national=True,
        source="https://dinutvei.no/en/english/english/",
    ),
    DemoService(
        key="national-rusinfo",
        name="RUSinfo – spør om alkohol og andre rusmidler",
        organization="rusinfo",
        sector=Sector.OTHER,
        needs=(SU, FS),
        description="Lurer du på noe om alkohol, hasj eller andre rusmidler – for deg selv "
        "eller noen du bryr deg om? RUSinfo gir informasjon og råd, og forteller deg hvor du "
        "kan få hjelp. Du er anonym.",
        eligibility="Ungdom som prøver rusmidler, foreldrene deres, og alle andre som lurer på "
        "noe om rus – også fagfolk.",
        application="Gå til rusinfo.no.",
        min_age=None,
        max_age=None,
        self_referral=True,
        url="https://rusinfo.no",
        hours=None,
        interpreter="",
        national=True,
        source="https://rusinfo.no/information-in-engslish/",
    ),
)

COLLABORATIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Skolefravær – hvem gjør hva i Porsgrunn",
        SA,
        "1. Skolen følger med på fraværet hver uke og ringer hjemmet samme dag ved uforklart "
        "fravær. Kontaktlæreren er stafettholder.\n"
        "2. Ved mer enn 10 % fravær over fire uker drøfter skolens ressursteam eleven, med "
        "helsesykepleier til stede.\n"
        "3. Helsesykepleier snakker med eleven om helse og trivsel og kobler på "
        "kommunepsykolog eller fastlege ved behov.\n"
        "4. PPT veileder skole og foreldre ved skolevegring og vurderer behov for individuell "
        "tilrettelegging.\n"
        "5. På videregående melder skolen fra til oppfølgingstjenesten når en elev står i fare "
        "for å slutte; OT tar kontakt innen to uker.",
        (
            "stridsklev-fravaer",
            "vestsiden-miljoterapeut",
            "skolehelsetjenesten",
            "ppt-skolevegring",
            "porsgrunn-vgs-elevtjenesten",
            "oppfolgingstjenesten",
            "ungdomslos",
        ),
    ),
    (
        "Vold i nære relasjoner – hvem gjør hva i Porsgrunn",
        VA,
        "1. Den som får vite om vold, sørger først for at barnet er trygt nå. Ved fare: ring "
        "112.\n"
        "2. Ansatte melder til barnevernet samme dag (opplysningsplikten). Utenom kontortid: "
        "barnevernvakten på 116 111.\n"
        "3. Politikontakten avklarer anmeldelse og avhør i samråd med barnevernet.\n"
        "4. Helsestasjonen og skolehelsetjenesten følger opp barnets helse og er kontaktpunkt i "
        "barnehage og skole.\n"
        "5. Krisesenteret tar imot forelder og barn som trenger et trygt sted å bo.",
        (
            "barnevern-bekymring",
            "barnevernvakt",
            "politikontakt",
            "helsestasjon-0-5",
            "skolehelsetjenesten",
            "krisesenter",
        ),
    ),
    (
        "Rus blant ungdom – hvem gjør hva i Porsgrunn",
        SU,
        "1. Skole, fritidsklubb og foreldre melder bekymring til SLT-koordinatoren, anonymt "
        "eller med samtykke.\n"
        "2. SLT-gruppen avtaler hvem som tar samtalen med ungdommen og foreldrene.\n"
        "3. Ruskonsulenten gir samtaler og råd til ungdom og familie.\n"
        "4. Ved lovbrudd vurderer politiet ungdomskontrakt eller overføring til "
        "Konfliktrådet.\n"
        "5. Trenger ungdommen behandling, henviser fastlegen videre til spesialisthelsetjenesten.",
        (
            "slt-koordinator",
            "ruskonsulent-ungdom",
            "ungdomskontrakt",
            "politikontakt",
            "konfliktradet-ungdom",
            "fritidsklubb",
        ),
    ),
    (
        "Ung og utenfor skole og jobb – hvem gjør hva i Porsgrunn",
        WO,
        "1. Oppfølgingstjenesten tar kontakt med all ungdom som slutter på videregående.\n"
        "2. Fra 18 år har NAVs ungdomsveileder hovedansvaret, og OT og NAV holder et felles "
        "overgangsmøte.\n"
        "3. Unge med tiltak fra barnevernet får tilbud om oppfølging etter 18 år, koordinert "
        "med NAV.\n"
        "4. Unge med psykiske helseplager tilbys jobbspesialist (IPS ung) sammen med "
        "behandleren.",
        (
            "oppfolgingstjenesten",
            "nav-ungdomsveileder",
            "barnevern-ettervern",
            "nav-ips-ung",
            "nav-kvalifiseringsprogrammet",
        ),
    ),
)


def _age_band_codes(minimum: int | None, maximum: int | None) -> list[str]:
    low = 0 if minimum is None else minimum
    high = 200 if maximum is None else maximum
    return [band.code for band in AGE_BANDS if band.low <= high and low <= band.high]


def _term_codes(service: DemoService) -> list[str]:
    codes = [*service.needs, f"sector:{service.sector.value}"]
    codes += _age_band_codes(service.min_age, service.max_age)
    if service.self_referral:
        codes.append("access:self-referral")
    codes += [route for route in service.routes if route not in codes]
    return codes


def _email_of(name: str, domain: str) -> str:
    local = name.lower().replace(" ", ".")
    for plain, letter in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        local = local.replace(plain, letter)
    return f"{local}@{domain}"


def _organizations_seed(
    *, porsgrunn: Municipality, units: dict[str, Unit]
) -> dict[str, Organization]:
    organizations: dict[str, Organization] = {}
    for seed in ORGANIZATIONS:
        org_id = stable_id(f"organization/{seed.key}")
        unit = units[seed.unit] if seed.unit else None
        if unit is not None:
            # The unit link is one-to-one: take it over from any other organisation.
            Organization.objects.filter(unit=unit).exclude(id=org_id).update(unit=None)
        organizations[seed.key], _ = Organization.objects.update_or_create(
            id=org_id,
            defaults={
                "name": seed.name,
                "description": seed.description,
                "parent_organization": organizations[seed.parent] if seed.parent else None,
                "municipality": porsgrunn if seed.local else None,
                "unit": unit,
                "website": seed.website,
                "email": seed.email,
            },
        )
        OrganizationIdentifier.objects.filter(organization_id=org_id).delete()
        if seed.orgnr:
            OrganizationIdentifier.objects.create(
                id=stable_id(f"organization/{seed.key}/orgnr"),
                organization_id=org_id,
                identifier_scheme="NO-BRC",
                identifier_type="Organisasjonsnummer",
                identifier=seed.orgnr,
            )
    return organizations


def _locations_seed(*, organizations: dict[str, Organization]) -> dict[str, Location]:
    locations: dict[str, Location] = {}
    for seed in LOCATIONS:
        location_id = stable_id(f"location/{seed.key}")
        locations[seed.key], _ = Location.objects.update_or_create(
            id=location_id,
            defaults={
                "name": seed.name,
                "organization": organizations[seed.organization],
                "location_type": LocationType.PHYSICAL,
                "description": seed.description,
                "transportation": seed.transportation,
            },
        )
        Address.objects.filter(location_id=location_id).delete()
        if seed.address:
            Address.objects.create(
                id=stable_id(f"location/{seed.key}/address"),
                location_id=location_id,
                address_1=seed.address,
                city=seed.city,
                postal_code=seed.postal_code,
                state_province=COUNTY,
                country="NO",
            )
    return locations


def _service_children_replace(
    service: Service,
    seed: DemoService,
    *,
    location: Location | None,
    terms: dict[str, TaxonomyTerm],
    area: Municipality | None,
) -> None:
    """Replace the service's children with the seeded ones, each with a fixed id."""
    prefix = f"service/{seed.key}"
    Contact.objects.filter(service=service).delete()
    Phone.objects.filter(service=service).delete()
    Schedule.objects.filter(service=service).delete()
    Language.objects.filter(service=service).delete()
    ServiceArea.objects.filter(service=service).delete()
    ServiceAtLocation.objects.filter(service=service).delete()
    Attribute.objects.filter(link_entity="service", link_id=service.id).delete()

    if seed.phone:
        Phone.objects.create(
            id=stable_id(f"{prefix}/phone"), service=service, number=seed.phone, type="voice"
        )
    if seed.contact:
        name, title = seed.contact
        domain = seed.email.partition("@")[2]
        Contact.objects.create(
            id=stable_id(f"{prefix}/contact"),
            service=service,
            name=name,
            title=title,
            email=_email_of(name, domain) if domain else "",
        )
    if seed.hours:
        Schedule.objects.create(
            id=stable_id(f"{prefix}/schedule"),
            service=service,
            description=seed.hours.description,
            freq="WEEKLY" if seed.hours.byday else "",
            byday=seed.hours.byday,
            opens_at=seed.hours.opens,
            closes_at=seed.hours.closes,
        )
    Language.objects.bulk_create(
        Language(
            id=stable_id(f"{prefix}/language/{code}"),
            service=service,
            name=LANGUAGE_NAMES[code],
            code=code,
        )
        for code in seed.languages
    )
    ServiceArea.objects.create(
        id=stable_id(f"{prefix}/area"),
        service=service,
        name=area.name if area else NATIONAL_AREA,
        municipality=area,
        description=f"Kommunenummer {area.number}" if area else "Tjenesten gjelder hele landet.",
    )
    if location is not None:
        ServiceAtLocation.objects.create(
            id=stable_id(f"{prefix}/at/{location.id}"), service=service, location=location
        )
    Attribute.objects.bulk_create(
        Attribute(
            id=stable_id(f"{prefix}/attribute/{code}"),
            link_entity="service",
            link_id=service.id,
            taxonomy_term=terms[code],
        )
        for code in _term_codes(seed)
    )


def _services_seed(
    *,
    organizations: dict[str, Organization],
    locations: dict[str, Location],
    terms: dict[str, TaxonomyTerm],
    porsgrunn: Municipality,
) -> dict[str, Service]:
    services: dict[str, Service] = {}
    for seed in (*PORSGRUNN_SERVICES, *NATIONAL_SERVICES):
        service, _ = Service.objects.update_or_create(
            id=stable_id(f"service/{seed.key}"),
            defaults={
                "organization": organizations[seed.organization],
                "name": seed.name,
                "description": seed.description,
                "url": seed.url,
                "email": seed.email,
                "interpretation_services": seed.interpreter,
                "application_process": seed.application,
                "wait_time": seed.wait_time,
                "fees": seed.fees,
                "eligibility_description": seed.eligibility,
                "minimum_age": seed.min_age,
                "maximum_age": seed.max_age,
                "is_national": seed.national,
                "legal_basis": seed.legal_basis,
                "self_referral": seed.self_referral,
                "referral_from": seed.referral_from,
                "expects_to_receive": seed.expects,
                "internal_referral_route": seed.internal_route,
                "last_reviewed": seed.reviewed,
                "source": seed.source,
            },
        )
        _service_children_replace(
            service,
            seed,
            location=locations[seed.location] if seed.location else None,
            terms=terms,
            area=None if seed.national else porsgrunn,
        )
        services[seed.key] = service
    return services


def _collaborations_seed(
    *, services: dict[str, Service], terms: dict[str, TaxonomyTerm], porsgrunn: Municipality
) -> None:
    for title, need, description, keys in COLLABORATIONS:
        collaboration, _ = Collaboration.objects.update_or_create(
            id=stable_id(f"collaboration/{title}"),
            defaults={
                "municipality": porsgrunn,
                "title": title,
                "description": description,
                "need": terms[need],
            },
        )
        collaboration.services.set([services[key] for key in keys])


def demo_directory_seed() -> int:
    """Create or update the demo directory for Porsgrunn and the national services.

    Loads the reference taxonomies and the demo units first (both idempotent); needs the
    municipalities loaded. One transaction, which also re-indexes the services for search.
    Returns the number of services seeded.
    """
    with transaction.atomic():
        taxonomies_load()
        units = demo_units_seed()
        porsgrunn = Municipality.objects.get(number=DEMO_MUNICIPALITY)
        terms = reference_terms()
        organizations = _organizations_seed(porsgrunn=porsgrunn, units=units)
        locations = _locations_seed(organizations=organizations)
        services = _services_seed(
            organizations=organizations, locations=locations, terms=terms, porsgrunn=porsgrunn
        )
        _collaborations_seed(services=services, terms=terms, porsgrunn=porsgrunn)
        search_index_update(service_ids=[service.id for service in services.values()])
    return len(services)
