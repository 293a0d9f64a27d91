"""National services (facts checked against the page in each `source`) and the
"who does what" agreements in Porsgrunn."""

from __future__ import annotations

from directory.demo.data import (
    ALWAYS,
    DemoService,
    Hours,
)
from directory.reference import (
    BU,
    CR,
    FS,
    LH,
    LS,
    MH,
    PH,
    SA,
    SE,
    SU,
    VA,
    WO,
)
from units.models import Sector

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
