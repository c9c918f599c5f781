"""The sandbox's seeded customers: the same seed always gives the same people and records.

About a thousand customers with Japanese and English names, unique addresses, an account
state and an identity-verification (KYC) record. Every KYC status, rejection category and
missing-document combination is held by several customers, so tests and the demo can
always find one of each (``find_customers``). Each customer also has a security-hold flag,
an anti-phishing code (or none), a fee tier, security events, withdrawals and fee charges;
``madoguchi.sandbox.scenarios`` makes sure every situation is held by several customers.

KYC times are offsets from ``today`` (a JST calendar day, default the current one); the
other records' times are offsets from ``now`` (default: this minute, or noon of ``today``
when only that is given). The same seed picks the same customers and situations on any
day, while "requested two hours ago" stays two hours ago, so a demo run next year still
sees withdrawals within their SLA.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from madoguchi.sandbox import scenarios
from madoguchi.sandbox.history import Numbering
from madoguchi.sandbox.records import FeeCharge, SecurityEvent, Withdrawal, iso
from madoguchi.sandbox.schedule import TIERS

JST = timezone(timedelta(hours=9), "JST")

ACCOUNT_STATES = ("active", "locked", "frozen")
KYC_STATUSES = ("not_submitted", "in_review", "documents_required", "approved", "rejected")
REJECTIONS = ("documents", "compliance")
DOCUMENTS = ("id_document_front", "id_document_back", "proof_of_address", "selfie", "my_number")

# (kanji, romaji): common names only, all of them encodable in Shift_JIS.
_JA_FAMILY = (
    ("山田", "yamada"), ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"),
    ("田中", "tanaka"), ("伊藤", "ito"), ("渡辺", "watanabe"), ("中村", "nakamura"),
    ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("松本", "matsumoto"),
    ("井上", "inoue"), ("木村", "kimura"), ("清水", "shimizu"), ("森", "mori"),
)
_JA_GIVEN = (
    ("太郎", "taro"), ("花子", "hanako"), ("健太", "kenta"), ("陽子", "yoko"),
    ("翔太", "shota"), ("美咲", "misaki"), ("大輔", "daisuke"), ("恵", "megumi"),
    ("直樹", "naoki"), ("彩", "aya"), ("誠", "makoto"), ("由美", "yumi"),
)
_EN_FAMILY = (
    "smith", "johnson", "brown", "taylor", "wilson", "evans", "walker", "wright",
    "green", "hall", "clarke", "lewis", "young", "king", "baker", "turner",
)
_EN_GIVEN = (
    "alice", "bob", "carol", "david", "emma", "frank", "grace", "henry",
    "isabel", "jack", "kate", "liam", "mia", "noah", "olivia", "peter",
)
_JA_DOMAINS = ("example.jp", "example.ne.jp", "example.co.jp")
_EN_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Kyc:
    """One identity-verification record; times are JST, to the minute."""

    status: str
    rejection: str | None = None
    missing_documents: tuple[str, ...] = ()
    submitted_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class SeededCustomer:
    """A customer of the sandbox back office; ``email`` is stored normalised.

    ``events``, ``withdrawals`` and ``charges`` are newest first; ``scenarios`` names the
    situations ``madoguchi.sandbox.scenarios`` gave the customer (``"withdrawals:many"``).
    """

    customer_id: str
    name: str
    email: str
    account_state: str
    registered_at: datetime
    kyc: Kyc
    security_hold: bool = False
    anti_phishing_code: str | None = None
    tier: str = "standard"
    events: tuple[SecurityEvent, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()
    charges: tuple[FeeCharge, ...] = ()
    scenarios: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The seeded truth as the ``/_sandbox/customers`` endpoint returns it."""
        kyc = self.kyc
        return {
            "customer_id": self.customer_id,
            "name": self.name,
            "email": self.email,
            "account_state": self.account_state,
            "registered_at": self.registered_at.isoformat(),
            "security_hold": self.security_hold,
            "anti_phishing_code": self.anti_phishing_code,
            "tier": self.tier,
            "kyc": {
                "status": kyc.status,
                "rejection": kyc.rejection,
                "missing_documents": list(kyc.missing_documents),
                "submitted_at": iso(kyc.submitted_at),
                "updated_at": iso(kyc.updated_at),
            },
            "events": [event.as_json() for event in self.events],
            "withdrawals": [withdrawal.as_json() for withdrawal in self.withdrawals],
            "charges": [charge.as_json() for charge in self.charges],
            "scenarios": list(self.scenarios),
        }


@dataclass(frozen=True)
class _Profile:
    """What a customer's KYC looks like before times are drawn."""

    status: str
    rejection: str | None = None
    missing: tuple[str, ...] = ()


def normalise_email(address: str) -> str:
    """The form addresses are stored and matched in: stripped and lower-cased."""
    return address.strip().lower()


def generate_customers(
    seed: int = 7,
    count: int = 1000,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> tuple[SeededCustomer, ...]:
    """``count`` customers drawn from ``seed``; ids run C000001, C000002, ...

    The choice of people and records depends only on ``seed`` and ``count``; ``today``
    and ``now`` only move the timestamps (see the module's docstring for the defaults).
    """
    now = sandbox_now(today, now)
    rng = random.Random(seed)
    anchor = datetime.combine(today or now.date(), time(), JST)
    profiles = _profiles(rng, count)
    emails: set[str] = set()
    people = tuple(
        _customer(rng, index + 1, profile, anchor, emails)
        for index, profile in enumerate(profiles)
    )
    return _with_records(people, seed, now)


def sandbox_now(today: date | None = None, now: datetime | None = None) -> datetime:
    """The clock the records count back from: ``now``, noon of ``today``, or this minute."""
    if now is not None:
        return now.astimezone(JST).replace(second=0, microsecond=0)
    if today is not None:
        return datetime.combine(today, time(12), JST)
    return datetime.now(JST).replace(second=0, microsecond=0)


def speaks_japanese(customer: SeededCustomer) -> bool:
    """Customers with Japanese names write in Japanese; the others in English."""
    return not customer.name.isascii()


def find_customers(
    customers: Iterable[SeededCustomer],
    *,
    email: str | None = None,
    kyc_status: str | None = None,
    rejection: str | None = None,
    account_state: str | None = None,
    scenario: str | None = None,
) -> list[SeededCustomer]:
    """The customers matching every given criterion (email compared normalised).

    ``scenario`` is a name from ``SeededCustomer.scenarios``, e.g. ``"withdrawals:many"``.
    """
    wanted = normalise_email(email) if email is not None else None
    return [
        customer
        for customer in customers
        if (wanted is None or customer.email == wanted)
        and (kyc_status is None or customer.kyc.status == kyc_status)
        and (rejection is None or customer.kyc.rejection == rejection)
        and (account_state is None or customer.account_state == account_state)
        and (scenario is None or scenario in customer.scenarios)
    ]


def _with_records(
    people: tuple[SeededCustomer, ...], seed: int, now: datetime
) -> tuple[SeededCustomer, ...]:
    """The customers with their holds, codes, tiers, events, withdrawals and charges.

    Drawn from a stream of their own, so that the people stay those of the seed.
    """
    rng = random.Random(f"{seed}:records")
    holds = _security_holds(rng, people)
    pools = [
        [p.customer_id for p in people if p.account_state == "active"
         and p.customer_id not in holds and speaks_japanese(p) is japanese]
        for japanese in (True, False)
    ]
    plans = {
        "events": scenarios.assign(rng, list(scenarios.EVENT_SCENARIOS), pools),
        "withdrawals": scenarios.assign(rng, scenarios.WITHDRAWAL_NAMES, pools),
        "charges": scenarios.assign(rng, list(scenarios.CHARGE_SCENARIOS), pools),
    }
    numbering = Numbering()
    return tuple(
        _recorded(rng, person, person.customer_id in holds, plans, now, numbering)
        for person in people
    )


def records_anchor(now: datetime) -> datetime:
    """The hour withdrawals and charges count back from.

    The demo writes its mail (quoting withdrawal ids, which carry the request's date) in
    another process than the sandbox, seconds apart: anchored on the hour, both draw the
    same records unless an hour turns in between.
    """
    return now.replace(minute=0, second=0, microsecond=0)


def _recorded(
    rng: random.Random,
    person: SeededCustomer,
    hold: bool,
    plans: dict[str, dict[str, str]],
    now: datetime,
    numbering: Numbering,
) -> SeededCustomer:
    mine = {group: plan.get(person.customer_id) for group, plan in plans.items()}
    tier = rng.choices(TIERS, weights=(60, 20, 12, 8))[0]
    code = _phishing_code(rng) if rng.random() < 0.7 else None
    anchor = records_anchor(now)
    return replace(
        person,
        security_hold=hold,
        anti_phishing_code=code,
        tier=tier,
        events=scenarios.events_for(rng, mine["events"], now),
        withdrawals=scenarios.withdrawals_for(rng, mine["withdrawals"], anchor, numbering),
        charges=scenarios.charges_for(rng, mine["charges"], tier, anchor, numbering),
        scenarios=tuple(f"{group}:{name}" for group, name in mine.items() if name),
    )


def _security_holds(rng: random.Random, people: tuple[SeededCustomer, ...]) -> set[str]:
    """A few customers of every account state and language, then about 2 % at random."""
    holds: set[str] = set()
    for state, count in (("active", 3), ("locked", 1), ("frozen", 1)):
        for japanese in (True, False):
            group = [p.customer_id for p in people
                     if p.account_state == state and speaks_japanese(p) is japanese]
            holds.update(rng.sample(group, min(count, len(group))))
    holds.update(p.customer_id for p in people if rng.random() < 0.02)
    return holds


def _phishing_code(rng: random.Random) -> str:
    """Six to eight letters and digits, without the ones people misread (0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 8)))


def _profiles(rng: random.Random, count: int) -> list[_Profile]:
    """Every combination a few times over (so tests find each), then random ones, shuffled."""
    covered = list(itertools.chain.from_iterable(itertools.repeat(_coverage(), 3)))
    profiles = covered[:count] + [_random_profile(rng) for _ in range(count - len(covered))]
    rng.shuffle(profiles)
    return profiles


def _coverage() -> list[_Profile]:
    plain = [_Profile(status) for status in ("not_submitted", "in_review", "approved")]
    rejected = [_Profile("rejected", rejection) for rejection in REJECTIONS]
    required = [_Profile("documents_required", missing=combo) for combo in _document_sets()]
    return plain + rejected + required


def _document_sets() -> Iterator[tuple[str, ...]]:
    """Every non-empty set of documents, in a stable order."""
    for size in range(1, len(DOCUMENTS) + 1):
        yield from itertools.combinations(DOCUMENTS, size)


def _random_profile(rng: random.Random) -> _Profile:
    status = rng.choices(KYC_STATUSES, weights=(15, 15, 15, 45, 10))[0]
    if status == "rejected":
        return _Profile(status, rng.choices(REJECTIONS, weights=(7, 3))[0])
    if status == "documents_required":
        size = rng.randint(1, 3)
        return _Profile(status, missing=tuple(sorted(rng.sample(DOCUMENTS, size), key=_doc_order)))
    return _Profile(status)


def _doc_order(code: str) -> int:
    return DOCUMENTS.index(code)


def _customer(
    rng: random.Random, number: int, profile: _Profile, anchor: datetime, emails: set[str]
) -> SeededCustomer:
    name, email = _identity(rng, emails)
    kyc = _kyc(rng, profile, anchor)
    registered = (kyc.submitted_at or anchor) - timedelta(days=rng.randint(1, 900))
    return SeededCustomer(
        customer_id=f"C{number:06d}",
        name=name,
        email=email,
        account_state=rng.choices(ACCOUNT_STATES, weights=(85, 8, 7))[0],
        registered_at=registered.replace(hour=rng.randint(0, 23), minute=rng.randint(0, 59)),
        kyc=kyc,
    )


def _identity(rng: random.Random, emails: set[str]) -> tuple[str, str]:
    """A display name and an address not used before (retried until unique)."""
    while True:
        if rng.random() < 0.5:
            (family, family_r), (given, given_r) = rng.choice(_JA_FAMILY), rng.choice(_JA_GIVEN)
            name, local, domain = f"{family} {given}", f"{given_r}.{family_r}", _JA_DOMAINS
        else:
            family_r, given_r = rng.choice(_EN_FAMILY), rng.choice(_EN_GIVEN)
            name = f"{given_r.title()} {family_r.title()}"
            local, domain = f"{given_r}.{family_r}", _EN_DOMAINS
        email = f"{local}{rng.randint(1, 999)}@{rng.choice(domain)}"
        if email not in emails:
            emails.add(email)
            return name, email


def _kyc(rng: random.Random, profile: _Profile, anchor: datetime) -> Kyc:
    if profile.status == "not_submitted":
        return Kyc(status=profile.status)
    days_ago = _days_since_submission(rng, profile.status)
    submitted = _at(rng, anchor - timedelta(days=days_ago))
    updated = submitted
    if profile.status != "in_review":
        updated = _at(rng, submitted + timedelta(days=rng.randint(1, min(days_ago - 1, 5))))
    return Kyc(profile.status, profile.rejection, profile.missing, submitted, updated)


def _days_since_submission(rng: random.Random, status: str) -> int:
    if status == "in_review":
        # Mostly recent, one in three well past a two-week review SLA.
        return rng.randint(1, 7) if rng.random() < 2 / 3 else rng.randint(20, 45)
    if status == "documents_required":
        return rng.randint(5, 60)
    return rng.randint(10, 400)


def _at(rng: random.Random, day: datetime) -> datetime:
    """A time during office hours on ``day``, to the minute."""
    return day.replace(hour=rng.randint(9, 19), minute=rng.randint(0, 59), second=0)


