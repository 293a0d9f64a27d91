"""Building blocks of the demo directory: ids, opening hours, organisations and locations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from units.models import Sector

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
