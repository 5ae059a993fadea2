"""factory_boy factories for the records the tests build.

ctis saves domain models only through its services, so each factory's ``_create`` calls
the app's service with keyword arguments the factory fills in (``UserFactory`` calls
``user_create``, ``PersonFactory`` calls ``person_create``, …): a record made here passed
the same validation, permission checks and audit entry as one made through a page.
``build()`` makes the service's *input* where the service takes one (``PersonInputFactory``
gives a ``PersonInput``); a model factory refuses ``build()``, since an unsaved model that
skipped its service is not a record ctis could hold.

The actor defaults to a fresh user with the role the service needs; pass the test's
persona (``PersonFactory(actor=investigator)``) where who acted matters. Nested inputs
take the usual double underscore: ``PersonFactory(actor=officer, data__given_name="Aysel")``.
The reference data (agencies, countries, articles, the official plan) must be loaded, as
the ``agencies`` fixture does.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory

from ctis.accounts.models import Agency, User
from ctis.accounts.roles import Role
from ctis.accounts.services import agency_create, user_create
from ctis.audit.models import AuditEntry
from ctis.audit.services import audit_record
from ctis.cases.models import Crime, CriminalCase, CriminalCodeArticle, CriminalGroup, Person
from ctis.cases.services import (
    CaseInput,
    CrimeInput,
    GroupInput,
    PersonInput,
    VictimInput,
    case_create,
    crime_save,
    group_create,
    person_create,
)
from ctis.core.models import Country
from ctis.nrm import services as nrm
from ctis.nrm.models import (
    AbroadCase,
    Consent,
    Facility,
    Notification,
    Referral,
    Screening,
    ServiceDelivery,
    Stay,
)
from ctis.nrm.services import ReferralInput, ServiceInput
from ctis.plan.models import ActionPlan, Measure, MeasureReport, ReportingPeriod
from ctis.plan.selectors import current_plan
from ctis.plan.services import measures, plans, reporting
from tests.personas import PASSWORD


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class ServiceFactory(factory.Factory):
    """A factory whose records are made by a service (``service`` below), never saved
    directly."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError(
            f"{cls.__name__} makes {model_class.__name__} records through their service; "
            "use create() (or the input factory's build())."
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls.service(**kwargs)

    @staticmethod
    def service(**kwargs: Any) -> Any:
        raise NotImplementedError


def _user(agency_code: str, role: str) -> factory.SubFactory:
    return factory.SubFactory(
        "tests.factories.UserFactory",
        agency=factory.LazyFunction(lambda: agency(agency_code)),
        roles=[role],
    )


# --------------------------------------------------------------------------- accounts


class UserFactory(ServiceFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n:03d}")
    password = PASSWORD
    roles = factory.LazyFunction(lambda: [Role.ANALYST])
    agency = factory.LazyFunction(lambda: agency("sms"))
    first_name = factory.LazyAttribute(lambda o: o.username.title())
    last_name = "Test"

    @staticmethod
    def service(**kwargs):
        return user_create(actor=None, **kwargs)


class AgencyFactory(ServiceFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"extra-{n}")
    kind = "ngo"
    name_az = factory.Sequence(lambda n: f"Əlavə təşkilat {n}")
    parent = None

    @staticmethod
    def service(**kwargs):
        return agency_create(actor=None, **kwargs)


# --------------------------------------------------------------------------- audit


class AuditEntryFactory(ServiceFactory):
    class Meta:
        model = AuditEntry

    actor = None
    action = "test.bulk"
    object_repr = factory.Sequence(lambda n: f"item {n}")
    changes = factory.Sequence(lambda n: {"x": {"before": n, "after": n + 1}})

    @staticmethod
    def service(**kwargs):
        return audit_record(**kwargs)


# --------------------------------------------------------------------------- cases


class PersonInputFactory(factory.Factory):
    """What the person form gives ``person_create``: a woman from Azerbaijan, with no
    documents or contacts unless the test gives them."""

    class Meta:
        model = PersonInput

    given_name = factory.Sequence(lambda n: f"Name{n}")
    family_name = "Məmmədova"
    patronymic = "Rauf qızı"
    birth_date = datetime.date(1996, 3, 14)
    sex = "Feminine"
    citizenships = factory.LazyFunction(lambda: [country("AZ")])
    languages = factory.LazyFunction(lambda: ["az", "ru"])
    address = "Bakı şəhəri, Nizami rayonu, Qara Qarayev pr. 12"
    documents = factory.LazyFunction(list)
    contacts = factory.LazyFunction(list)


class VictimInputFactory(factory.Factory):
    class Meta:
        model = VictimInput

    identified_on = datetime.date(2024, 5, 2)
    forms = factory.LazyFunction(lambda: ["SexualExploitation"])


class PersonFactory(ServiceFactory):
    """A person entered by ``actor`` (by default a police investigator of the unit)."""

    class Meta:
        model = Person

    actor = _user("mia-ctd", Role.POLICE_INVESTIGATOR)
    data = factory.SubFactory(PersonInputFactory)
    prefix = "V"
    victim = None

    @staticmethod
    def service(**kwargs):
        return person_create(**kwargs)


class VictimFactory(PersonFactory):
    """A person with a victim profile, made in the same ``person_create`` call."""

    victim = factory.SubFactory(VictimInputFactory)


class CaseInputFactory(factory.Factory):
    class Meta:
        model = CaseInput

    number = factory.Sequence(lambda n: f"2024/{n}")
    registered_on = datetime.date(2024, 1, 1)
    articles = factory.LazyFunction(lambda: [CriminalCodeArticle.objects.get(code="144-1")])


class CriminalCaseFactory(ServiceFactory):
    class Meta:
        model = CriminalCase

    actor = _user("mia-ctd", Role.POLICE_INVESTIGATOR)
    data = factory.SubFactory(CaseInputFactory)

    @staticmethod
    def service(**kwargs):
        return case_create(**kwargs)


class CrimeInputFactory(factory.Factory):
    class Meta:
        model = CrimeInput

    article = factory.LazyFunction(lambda: CriminalCodeArticle.objects.get(code="144-1"))
    registered_on = datetime.date(2024, 1, 1)


class CrimeFactory(ServiceFactory):
    """A crime episode in ``case`` (by default a new case of the same investigator)."""

    class Meta:
        model = Crime

    actor = _user("mia-ctd", Role.POLICE_INVESTIGATOR)
    case = factory.SubFactory(CriminalCaseFactory, actor=factory.SelfAttribute("..actor"))
    data = factory.SubFactory(CrimeInputFactory)

    @staticmethod
    def service(**kwargs):
        return crime_save(**kwargs)


class GroupInputFactory(factory.Factory):
    class Meta:
        model = GroupInput

    name = factory.Sequence(lambda n: f"“Qrup {n}” cinayətkar qrupu")


class CriminalGroupFactory(ServiceFactory):
    """A criminal group recorded from ``case`` (by default a new case)."""

    class Meta:
        model = CriminalGroup

    actor = _user("mia-ctd", Role.POLICE_INVESTIGATOR)
    case = factory.SubFactory(CriminalCaseFactory, actor=factory.SelfAttribute("..actor"))
    data = factory.SubFactory(GroupInputFactory)

    @staticmethod
    def service(**kwargs):
        return group_create(**kwargs)


# --------------------------------------------------------------------------- nrm


class ConsentFactory(ServiceFactory):
    class Meta:
        model = Consent

    actor = _user("mia-ctd", Role.POLICE_INVESTIGATOR)
    person = factory.SubFactory(PersonFactory, actor=factory.SelfAttribute("..actor"))
    purpose = "referral"

    @staticmethod
    def service(**kwargs):
        return nrm.consent_record(**kwargs)


class NotificationFactory(ServiceFactory):
    """A notification to the police unit from ``actor`` (by default a border officer), of a
    person the actor entered."""

    class Meta:
        model = Notification

    actor = _user("sms", Role.FRONTLINE_OFFICER)
    person = factory.SubFactory(PersonFactory, actor=factory.SelfAttribute("..actor"))
    screening = None
    note = "Met at the border; says she was promised work abroad."

    @staticmethod
    def service(**kwargs):
        return nrm.notification_send(**kwargs)


class ReferralInputFactory(factory.Factory):
    class Meta:
        model = ReferralInput

    to_agency = factory.LazyFunction(lambda: agency("shelter-mia"))
    reason = "Needs a safe place tonight"
    # Shelter, and the medical help ServiceInputFactory records by default.
    services = factory.LazyFunction(lambda: ["shelter", "medical"])
    fields = factory.LazyFunction(lambda: ["names"])


class ReferralFactory(ServiceFactory):
    """A referral sent by ``actor`` after the person consented to referral (unless
    ``consent=False``); ``ReferralFactory(accept=shelter_worker)`` has it accepted too."""

    class Meta:
        model = Referral

    actor = _user("mia-ctd", Role.POLICE_INVESTIGATOR)
    person = factory.SubFactory(PersonFactory, actor=factory.SelfAttribute("..actor"))
    data = factory.SubFactory(ReferralInputFactory)
    consent = True

    @staticmethod
    def service(*, consent: bool, **kwargs):
        if consent:
            nrm.consent_record(actor=kwargs["actor"], person=kwargs["person"], purpose="referral")
        return nrm.referral_send(**kwargs)

    @factory.post_generation
    def accept(referral, create, receiver, **kwargs):  # noqa: N805  (factory_boy's hook)
        if create and receiver is not None:
            nrm.referral_accept(actor=receiver, referral=referral)
            referral.refresh_from_db()


class FacilityFactory(ServiceFactory):
    class Meta:
        model = Facility

    actor = _user("mia", Role.SYSTEM_ADMINISTRATOR)
    agency = factory.LazyFunction(lambda: agency("shelter-mia"))
    name_az = factory.Sequence(lambda n: f"Sığınacaq {n}")
    capacity = 5

    @staticmethod
    def service(**kwargs):
        return nrm.facility_save(**kwargs)


class StayFactory(ServiceFactory):
    """An admission: ``actor`` works for the facility's agency and may see ``person``
    (e.g. through an accepted referral); both have no useful default."""

    class Meta:
        model = Stay

    facility = factory.SubFactory(FacilityFactory)

    @staticmethod
    def service(**kwargs):
        return nrm.stay_admit(**kwargs)


class ServiceInputFactory(factory.Factory):
    class Meta:
        model = ServiceInput

    kind = "medical"
    delivered_on = factory.LazyFunction(datetime.date.today)


class ServiceDeliveryFactory(ServiceFactory):
    """A service delivered: ``actor`` and ``person`` are the test's."""

    class Meta:
        model = ServiceDelivery

    data = factory.SubFactory(ServiceInputFactory)

    @staticmethod
    def service(**kwargs):
        return nrm.service_record(**kwargs)


class ScreeningFactory(ServiceFactory):
    """A screening: ``actor``, ``person``, ``indicator_set`` and ``codes`` are the test's."""

    class Meta:
        model = Screening

    @staticmethod
    def service(**kwargs):
        return nrm.screening_record(**kwargs)


class AbroadCaseFactory(ServiceFactory):
    class Meta:
        model = AbroadCase

    actor = _user("mfa", Role.FRONTLINE_OFFICER)
    person = factory.SubFactory(PersonFactory, actor=factory.SelfAttribute("..actor"))
    country = factory.LazyFunction(lambda: country("TR"))
    situation = "Passport taken by the employer"

    @staticmethod
    def service(**kwargs):
        return nrm.abroad_case_record(**kwargs)


# --------------------------------------------------------------------------- plan


class ActionPlanFactory(ServiceFactory):
    """A plan of five years after the official one, one per period."""

    class Meta:
        model = ActionPlan

    actor = _user("national-coordinator", Role.COORDINATOR)
    title = factory.Sequence(lambda n: f"Plan {n}")
    year_from = factory.Sequence(lambda n: 2030 + 5 * n)
    year_to = factory.LazyAttribute(lambda o: o.year_from + 4)

    @staticmethod
    def service(**kwargs):
        return plans.plan_create(**kwargs)


class MeasureFactory(ServiceFactory):
    """A measure at the end of ``section``, carried out by the Ministry of Internal Affairs."""

    class Meta:
        model = Measure

    actor = _user("national-coordinator", Role.COORDINATOR)
    plan = factory.SelfAttribute("section.plan")
    number = factory.LazyAttributeSequence(lambda o, n: f"{o.section.number}.{50 + n}")
    title = factory.Sequence(lambda n: f"Measure {n}")
    deadline_regular = True
    bodies = factory.LazyFunction(lambda: ["Daxili İşlər Nazirliyi"])

    @staticmethod
    def service(**kwargs):
        return measures.measure_create(**kwargs)


class ReportingPeriodFactory(ServiceFactory):
    class Meta:
        model = ReportingPeriod

    actor = _user("national-coordinator", Role.COORDINATOR)
    plan = factory.LazyFunction(current_plan)
    year = 2021
    due_date = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 1, 15))

    @staticmethod
    def service(**kwargs):
        return reporting.period_open(**kwargs)


class MeasureReportFactory(ServiceFactory):
    """A draft report of the actor's agency (by default the migration service's reporter)
    on ``measure``; ``MeasureReportFactory(..., submit=head)`` has the head submit it."""

    class Meta:
        model = MeasureReport

    actor = _user("sms", Role.AGENCY_REPORTER)
    period = factory.SubFactory(ReportingPeriodFactory)
    agency = factory.SelfAttribute("actor.agency")
    status = "implemented"
    narrative = "Done as planned."

    @staticmethod
    def service(**kwargs):
        return reporting.report_create(**kwargs)

    @factory.post_generation
    def submit(report, create, head, **kwargs):  # noqa: N805  (factory_boy's hook)
        if create and head is not None:
            reporting.report_submit(actor=head, report=report)
            report.refresh_from_db()
