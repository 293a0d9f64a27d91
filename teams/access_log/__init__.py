"""Access events in plain words: what was seen or done, by whom (name, unit, role), when (local
time, "13. nov. 2026 kl. 14.05"), why, and on which basis – a consent named by who gave it and
when ("samtykke fra Emma 13.11.2026"), a duty by what it is ("opplysningsplikt til barnevernet").

The log keeps what the services wrote – English purposes, bases that name a consent by its id –
so that its chain never changes. This is the one place that turns that into words for the people
who read it: the young person and the guardians in the portal and its export, and the
coordinator's "who has seen this child". Nothing it returns is an id, a code or an ISO time, and
everything is in the active language (bokmål, nynorsk or English).

The rows and pages are here, in `teams`, because naming who acted needs their team role and
naming a basis needs the consent; the words themselves are in `children.access_log`, and a
consent's name in `consents.words`.
"""

from teams.access_log.pages import ACCESS_LOG_PAGE_SIZE, AccessLogPage, access_log_page
from teams.access_log.rows import AccessRow, access_rows

__all__ = ["ACCESS_LOG_PAGE_SIZE", "AccessLogPage", "AccessRow", "access_log_page", "access_rows"]
