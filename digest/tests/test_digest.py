"""The digest by e-mail: subscribe with double opt-in, the weekly send (once per week, only
with news, the right items for the filters), one-click unsubscribe, and bad input."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent, Action
from conftest import verified_client
from digest.models import DigestSend, Subscription
from digest.services import digests_send, week_of
from digest.tokens import subscription_token
from directory.models import TaxonomyTerm
from directory.reference import taxonomies_load
from grants.catalogue import schemes_load
from grants.models import DeadlineKind, Scheme, SchemeDeadline
from knowledge.services import MaterialData, editor_appoint, material_create
from rights.selectors import law_changes
from tests.factories import UserFactory, municipality

MENTAL, BULLYING = "need:mental-health", "need:bullying"


def _material(title: str, need: str, audience: str):
    data = MaterialData(
        kind="guide",
        title=title,
        publisher="Helsedirektoratet",
        summary="Kort og greit.",
        audiences=[audience],
        terms=[TaxonomyTerm.objects.get(code=need)],
    )
    return material_create(actor=None, data=data, publish=True)


@pytest.fixture
def world(db):
    taxonomies_load()
    schemes_load()
    today = timezone.localdate()
    schemes = list(Scheme.objects.order_by("key")[:2])
    Scheme.objects.filter(pk=schemes[0].pk).update(needs=[MENTAL], status="open")
    Scheme.objects.filter(pk=schemes[1].pk).update(needs=[BULLYING], status="open")
    for scheme in schemes:
        SchemeDeadline.objects.create(
            scheme=scheme, kind=DeadlineKind.APPLICATION, due_on=today + datetime.timedelta(20)
        )
    return {
        "mental": _material("Veileder om psykisk helse i skolen", MENTAL, "professionals"),
        "bullying": _material("Mobbing: et hefte for foreldre", BULLYING, "parents"),
        "fits": Scheme.objects.get(pk=schemes[0].pk),
        "other": Scheme.objects.get(pk=schemes[1].pk),
    }


def _link(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0).split("testserver")[-1].split(":8000")[-1]


def _subscribe(client: Client, **data) -> Subscription:
    response = client.post(reverse("digest:subscribe"), data)
    assert response.status_code == 200
    assert Subscription.objects.count() == 0  # nothing stored before confirmation
    confirmation = mail.outbox[-1]
    path = _link(confirmation.body)
    assert client.get(path).status_code == 200
    assert Subscription.objects.count() == 0  # opening the link confirms nothing
    response = client.post(path)
    assert response.status_code == 302
    return Subscription.objects.get(email=data["email"].lower())


def test_subscribe_confirm_and_the_digest_has_the_items_of_the_filters(world):
    subscription = _subscribe(
        Client(), email="Kari@Example.no", needs=[MENTAL], audiences=["professionals"]
    )
    assert subscription.needs == [MENTAL]
    assert subscription.audiences == ["professionals"]
    assert subscription.language == "nb"
    assert AccessEvent.objects.filter(
        object_type="digest.subscription", action=Action.CREATE
    ).exists()
    mail.outbox.clear()

    result = digests_send()

    assert (result.sent, result.nothing_new) == (1, 0)
    [message] = mail.outbox
    assert message.to == ["kari@example.no"]
    text = message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    for part in (text, html):
        assert "Veileder om psykisk helse i skolen" in part
        assert "Mobbing: et hefte for foreldre" not in part
        assert world["fits"].name in part
        assert world["other"].name not in part
    upcoming = [view for view in law_changes() if not view.in_force]
    assert upcoming
    assert upcoming[0].change.title_nb in text
    assert "<html" in html
    assert "<html" not in text
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http")
    assert "/nyhetsbrev/avmeld/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DigestSend.objects.filter(subscription=subscription).count() == 1


def test_a_second_run_sends_nothing_and_a_week_without_news_sends_nothing(world):
    _subscribe(Client(), email="ola@example.no")
    mail.outbox.clear()
    assert digests_send().sent == 1
    again = digests_send()
    assert (again.sent, len(mail.outbox)) == (0, 1)

    # Next week: the same deadlines and changes are no news, and no material is new.
    next_week = timezone.now() + datetime.timedelta(days=7)
    quiet = digests_send(now=next_week)
    assert (quiet.sent, quiet.nothing_new, len(mail.outbox)) == (0, 1, 1)

    # A material published after the last digest is news the week after.
    fresh = _material("Ny rapport om fravær", MENTAL, "leaders")
    assert digests_send(now=next_week + datetime.timedelta(days=1)).sent == 1
    body = mail.outbox[-1].body
    assert fresh.title in body
    assert "Veileder om psykisk helse i skolen" not in body
    assert DigestSend.objects.count() == 2


def test_one_send_per_subscription_and_week_is_a_constraint(world):
    subscription = _subscribe(Client(), email="per@example.no")
    week = week_of(timezone.localdate())
    DigestSend.objects.create(subscription=subscription, week=week, sent_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSend.objects.create(subscription=subscription, week=week, sent_at=timezone.now())
    # The run meets the record of the week and sends nothing.
    mail.outbox.clear()
    assert digests_send().sent == 0
    assert mail.outbox == []


def test_one_click_unsubscribe_by_post_without_log_in_or_csrf(world):
    _subscribe(Client(), email="lise@example.no")
    mail.outbox.clear()
    digests_send()
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    path = _link(header.strip("<>"))
    client = Client(enforce_csrf_checks=True)
    assert client.get(path).status_code == 200  # asks first
    assert Subscription.objects.count() == 1
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.count() == 0
    assert DigestSend.objects.count() == 0
    assert AccessEvent.objects.filter(
        object_type="digest.subscription", action=Action.DELETE
    ).exists()
    assert client.post(path).status_code == 404
    # Nothing goes to an unsubscribed address.
    mail.outbox.clear()
    assert digests_send(now=timezone.now() + datetime.timedelta(days=7)).sent == 0
    assert mail.outbox == []


def test_a_forged_or_swapped_token_is_404(world):
    subscription = _subscribe(Client(), email="eva@example.no")
    client = Client()
    assert client.get(reverse("digest:unsubscribe", args=["forged"])).status_code == 404
    assert client.post(reverse("digest:unsubscribe", args=["forged"])).status_code == 404
    assert client.get(reverse("digest:confirm", args=["forged"])).status_code == 404
    # The subscriber's page link does not unsubscribe.
    page_token = subscription_token(subscription.pk)
    assert client.post(reverse("digest:unsubscribe", args=[page_token])).status_code == 404
    assert Subscription.objects.count() == 1


def test_the_subscriber_preview_renders_the_digest(world):
    client = Client()
    _subscribe(client, email="nina@example.no", needs=[BULLYING])
    subscription = Subscription.objects.get()
    response = client.get(
        reverse("digest:subscription", args=[subscription_token(subscription.pk)])
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mobbing: et hefte for foreldre" in content
    assert "Veileder om psykisk helse i skolen" not in content


def test_the_editor_preview_is_for_national_editors(world):
    editor, other = UserFactory(), UserFactory()
    editor_appoint(actor=None, user=editor, municipality=None)
    editor_appoint(actor=None, user=other, municipality=municipality("4001"))
    response = verified_client(editor).get(reverse("digest:editor_preview"))
    assert response.status_code == 200
    assert "Veileder om psykisk helse i skolen" in response.content.decode()
    assert verified_client(other).get(reverse("digest:editor_preview")).status_code == 404


def test_the_municipality_is_kept_with_the_subscription(world):
    porsgrunn = municipality("4001")
    client = Client()
    client.post(
        reverse("digest:subscribe"), {"email": "kommune@example.no", "municipality": "4001"}
    )
    client.post(_link(mail.outbox[-1].body))
    assert Subscription.objects.get().municipality == porsgrunn


@pytest.mark.parametrize(
    "data",
    [
        {"email": "kari\x00@example.no"},
        {"email": "k" * 300 + "@example.no"},
        {"email": "kari@example.no", "needs": ["need:mental-health\x00"]},
        {"email": "kari@example.no", "sectors": ["x" * 5000]},
        {"email": "kari@example.no", "municipality": "4001\x00"},
        {"email": "ikke en adresse"},
    ],
    ids=["nul", "long", "nul-need", "long-sector", "nul-municipality", "not-an-address"],
)
def test_bad_input_gives_a_form_error(world, data):
    response = Client().post(reverse("digest:subscribe"), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert mail.outbox == []
    assert Subscription.objects.count() == 0


@override_settings(DIGEST_CONFIRMATIONS_PER_DAY=2)
def test_one_address_gets_a_few_confirmation_mails_a_day_and_then_a_clear_429(world):
    cache.clear()
    client = Client(REMOTE_ADDR="192.0.2.10")
    data = {"email": "Flom@Example.no"}
    assert [client.post(reverse("digest:subscribe"), data).status_code for _ in range(2)] == [
        200,
        200,
    ]
    refused = client.post(reverse("digest:subscribe"), {"email": "flom@example.no"})
    assert refused.status_code == 429
    assert 82_000 < int(refused["Retry-After"]) <= 24 * 3600
    [said] = refused.context["form"].errors["email"]
    assert "allerede sendt flere e-poster med bekreftelseslenke" in said
    assert len(mail.outbox) == 2  # the third was not sent
    # Another address from the same client is not held back.
    assert (
        client.post(reverse("digest:subscribe"), {"email": "annen@example.no"}).status_code == 200
    )
    assert len(mail.outbox) == 3


@override_settings(DIGEST_SUBSCRIPTIONS_PER_HOUR=3)
def test_one_client_may_ask_for_a_few_subscriptions_an_hour(world):
    cache.clear()
    client = Client(REMOTE_ADDR="192.0.2.11")
    statuses = [
        client.post(reverse("digest:subscribe"), {"email": f"a{n}@example.no"}).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert len(mail.outbox) == 3
    refused = client.post(reverse("digest:subscribe"), {"email": "b@example.no"})
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert refused.context["form"].non_field_errors()
    # A form error is not counted, and another client is not held back.
    other = Client(REMOTE_ADDR="192.0.2.12")
    assert other.post(reverse("digest:subscribe"), {"email": "x"}).status_code == 400
    assert other.post(reverse("digest:subscribe"), {"email": "c@example.no"}).status_code == 200


def test_the_weekly_send_reads_the_subscriptions_a_batch_at_a_time(world):
    for n in range(5):
        Subscription.objects.create(email=f"s{n}@example.no", confirmed_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        result = digests_send(batch_size=2)
    assert result.sent == 5
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"s{n}@example.no" for n in range(5)
    ]
    batches = [
        query
        for query in queries.captured_queries
        if 'FROM "digest_subscription"' in query["sql"] and "LIMIT 2" in query["sql"]
    ]
    assert len(batches) == 4  # three batches of at most two, then an empty one
    # The run's sources once, not once per batch: the materials (all five reach back as far),
    # the deadlines.
    for table in ("knowledge_material", "grants_schemedeadline"):
        reads = [q for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]
        assert len(reads) == 1, table
    assert digests_send(batch_size=2).sent == 0


def test_a_later_batch_that_reaches_further_back_reads_the_materials_again(world):
    """One subscriber was last sent a digest 30 days ago, the other is new: a material of 20
    days ago is news to the first only, though the new one's batch comes first and read the
    materials of the last week only."""
    old = timezone.now() - datetime.timedelta(days=30)
    earlier = _material("Eldre veileder om psykisk helse", MENTAL, "professionals")
    type(earlier).objects.filter(pk=earlier.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=20)
    )
    returning = Subscription.objects.create(
        id=uuid.UUID(int=2), email="gammel@example.no", confirmed_at=old
    )
    DigestSend.objects.create(subscription=returning, week=week_of(old.date()), sent_at=old)
    Subscription.objects.create(
        id=uuid.UUID(int=1), email="ny@example.no", confirmed_at=timezone.now()
    )
    assert digests_send(batch_size=1).sent == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert earlier.title in bodies["gammel@example.no"]
    assert earlier.title not in bodies["ny@example.no"]
    assert world["mental"].title in bodies["ny@example.no"]
