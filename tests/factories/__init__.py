"""factory_boy factories, one module per app; import them from here."""

from tests.factories.advocacy import (  # noqa: F401
    ActionFactory,
    ConsultationFactory,
    InitiativeFactory,
    RepresentationFactory,
    SubmissionFactory,
    SupporterFactory,
)
from tests.factories.calls import (  # noqa: F401
    CallDocumentFactory,
    CallFactory,
    FunderFactory,
)
from tests.factories.events import EventFactory, ProgrammeFactory, RegistrationFactory  # noqa: F401
from tests.factories.hub import (  # noqa: F401
    FieldOfActivityFactory,
    HubProfileFactory,
    MunicipalityFactory,
    OperationFactory,
    RegionFactory,
    UserFactory,
)
from tests.factories.news import (  # noqa: F401
    HostOrganisationFactory,
    NewsItemFactory,
    NewsletterSubscriberFactory,
    StaffMemberFactory,
)
from tests.factories.organisations import (  # noqa: F401
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    SupportRecordFactory,
)
from tests.factories.partnerships import (  # noqa: F401
    CommitmentFactory,
    MeetingFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
)
from tests.factories.peers import PeerCallFactory, PeerEventFactory, PeerFactory  # noqa: F401
from tests.factories.questionnaires import (  # noqa: F401
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
    SendingFactory,
)
