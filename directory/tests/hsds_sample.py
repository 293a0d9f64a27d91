"""A small, realistic directory for the HSDS tests: Porsgrunn's services for children and young
people, tagged with needs. Organisation numbers, phone numbers and people are fictional."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from directory.models import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search import search_index_rebuild
from tests.factories import municipality


@dataclass
class SampleDirectory:
    municipality_org: Organization
    charity: Organization
    health_station: Service
    school_health: Service
    ppt: Service
    helpline: Service
    needs: Taxonomy
    mental_health: TaxonomyTerm
    anxiety: TaxonomyTerm
    bullying: TaxonomyTerm
    substance_use: TaxonomyTerm
    town_hall: Location
    youth_clinic: Location

    @property
    def services(self) -> list[Service]:
        return [self.health_station, self.school_health, self.ppt, self.helpline]


def tag(obj: Organization | Service | Location | ServiceAtLocation, *terms: TaxonomyTerm) -> None:
    entity = {
        Organization: "organization",
        Service: "service",
        Location: "location",
        ServiceAtLocation: "service_at_location",
    }[type(obj)]
    for term in terms:
        Attribute.objects.create(link_entity=entity, link_id=obj.pk, taxonomy_term=term)


def phone(number: str, **owner: object) -> Phone:
    found = Phone.objects.create(number=number, type="voice", **owner)
    Language.objects.create(phone=found, name="Norsk bokmål", code="nb")
    return found


def contact(name: str, title: str, *, public: bool = False, **owner: object) -> Contact:
    """A contact; `public` for a contact point, not for a named member of staff."""
    found = Contact.objects.create(
        name=name,
        title=title,
        email=f"{name.split()[0].lower()}@example.org",
        public=public,
        **owner,
    )
    phone("+47 900 00 001", contact=found)
    return found


def location(name: str, address: str, organization: Organization) -> Location:
    found = Location.objects.create(
        name=name,
        organization=organization,
        location_type="physical",
        description=f"{name} i Porsgrunn sentrum.",
        transportation="Buss til Porsgrunn rutebilstasjon, fem minutters gange.",
        latitude=Decimal("59.140600"),
        longitude=Decimal("9.656100"),
        url="https://www.porsgrunn.kommune.no/",
    )
    Address.objects.create(
        location=found,
        address_1=address,
        city="Porsgrunn",
        state_province="Telemark",
        postal_code="3915",
        country="NO",
        address_type="physical",
    )
    phone("+47 35 00 00 00", location=found)
    Schedule.objects.create(
        location=found,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=time(8),
        closes_at=time(15, 30),
        description="Hverdager 08.00–15.30.",
    )
    Language.objects.create(location=found, name="Engelsk", code="en")
    contact("Resepsjonen", "Resepsjon", location=found, public=True)
    return found


def service(
    organization: Organization, name: str, at: Location, *needs: TaxonomyTerm, **fields: object
) -> Service:
    """A service with every kind of related row, offered at `at`, tagged with `needs`."""
    found = Service.objects.create(
        organization=organization,
        name=name,
        description=f"{name} for barn og unge i Porsgrunn.",
        url="https://www.porsgrunn.kommune.no/tjenester",
        email="tjeneste@example.org",
        minimum_age=0,
        maximum_age=24,
        assured_date=date(2025, 1, 15),
        application_process="Ta kontakt direkte, eller be fastlegen om en henvisning.",
        # Fields for professionals only: they must not reach the public API.
        expects_to_receive="INTERNAL: samtykke og kort beskrivelse",
        internal_referral_route="INTERNAL: ring koordinator først",
        **fields,
    )
    phone("+47 35 00 00 10", service=found, description="Sentralbord")
    Schedule.objects.create(
        service=found, description="Drop-in tirsdager", byday="TU", freq="WEEKLY"
    )
    ServiceArea.objects.create(service=found, municipality=municipality("4001"))
    Language.objects.create(service=found, name="Norsk bokmål", code="nb")
    Funding.objects.create(service=found, source="Kommunal drift")
    CostOption.objects.create(
        service=found, option="Egenandel", currency="NOK", amount=Decimal("0.00")
    )
    RequiredDocument.objects.create(service=found, document="Ingen")
    contact("Kari Helsesykepleier", "Helsesykepleier", service=found)
    sal = ServiceAtLocation.objects.create(service=found, location=at, description=f"{name} her.")
    phone("+47 35 00 00 20", service_at_location=sal)
    contact("Timebestilling", "Timebestilling", service_at_location=sal, public=True)
    Schedule.objects.create(service_at_location=sal, description="Etter avtale")
    tag(found, *needs)
    return found


def sample_directory() -> SampleDirectory:
    porsgrunn = municipality("4001")
    needs = Taxonomy.objects.create(
        name="Behov",
        description="Hva barn og unge trenger hjelp med.",
        uri="https://example.org/taxonomier/behov",
        version="2025",
    )
    mental_health = TaxonomyTerm.objects.create(
        code="psykisk-helse",
        name="Psykisk helse",
        description="Tanker og følelser.",
        taxonomy=needs,
        language="nb",
        term_uri="https://example.org/taxonomier/behov/psykisk-helse",
    )
    anxiety = TaxonomyTerm.objects.create(
        code="angst",
        name="Angst",
        description="Uro og redsel.",
        taxonomy=needs,
        parent=mental_health,
    )
    bullying = TaxonomyTerm.objects.create(
        code="mobbing", name="Mobbing", description="Plaging over tid.", taxonomy=needs
    )
    # Imported with HSDS's free-text taxonomy name only, without a taxonomy row.
    substance_use = TaxonomyTerm.objects.create(
        code="rus", name="Rus", description="Alkohol og andre rusmidler.", taxonomy_name="BUP-behov"
    )

    municipality_org = Organization.objects.create(
        name="Porsgrunn kommune",
        description="Kommunen som gir helse- og omsorgstjenester til innbyggerne.",
        email="postmottak@example.org",
        website="https://www.porsgrunn.kommune.no/",
        year_incorporated=1838,
        legal_status="Kommune",
        municipality=porsgrunn,
    )
    OrganizationIdentifier.objects.create(
        organization=municipality_org,
        identifier_scheme="NO-BRC",
        identifier_type="Organisasjonsnummer",
        identifier="912345688",
    )
    phone("+47 35 54 70 00", organization=municipality_org)
    contact("Siri Servicetorget", "Veileder", organization=municipality_org)
    Funding.objects.create(organization=municipality_org, source="Kommunebudsjettet")
    charity = Organization.objects.create(
        name="Kors på halsen Telemark",
        description="Frivillig organisasjon med samtaletilbud for barn og unge.",
        website="https://example.org/korspahalsen",
    )
    OrganizationIdentifier.objects.create(
        organization=charity,
        identifier_scheme="NO-BRC",
        identifier_type="Organisasjonsnummer",
        identifier="998765439",
    )
    tag(charity, bullying)

    town_hall = location("Rådhuset", "Rådhusgata 7", municipality_org)
    youth_clinic = location("Helsestasjon for ungdom", "Storgata 120", municipality_org)
    tag(youth_clinic, mental_health)

    health_station = service(
        municipality_org, "Helsestasjon for ungdom", youth_clinic, mental_health, substance_use
    )
    school_health = service(municipality_org, "Skolehelsetjenesten", town_hall, anxiety)
    ppt = service(municipality_org, "Pedagogisk-psykologisk tjeneste", town_hall, bullying, anxiety)
    helpline = service(charity, "Samtaletelefonen", town_hall, bullying, status="inactive")
    # As every write in the directory does: the search index (and the needs its text suggests).
    search_index_rebuild()
    return SampleDirectory(
        municipality_org=municipality_org,
        charity=charity,
        health_station=health_station,
        school_health=school_health,
        ppt=ppt,
        helpline=helpline,
        needs=needs,
        mental_health=mental_health,
        anxiety=anxiety,
        bullying=bullying,
        substance_use=substance_use,
        town_hall=town_hall,
        youth_clinic=youth_clinic,
    )
