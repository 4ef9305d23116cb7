"""A clinician's sign-off of a translation, text by text (issue 28, part 6).

Every text of a language is paired with its English text under a stable id ("flows/twitch.yaml
#questions[emergency_signs].text"), with its sources and whether it is safety-critical. A
clinician approves a text, or flags it with a comment; content/locales/<code>/signoff.yaml keeps
who did (name and registration), when, and the sha256 of the English and the translated text
as they were read. A text changed since, in either language, is stale and counts as unsigned.
A language whose safety-critical texts are all signed and current is clinically reviewed: the
bot stops calling it a draft and leaves out the English copy under its emergency messages.

Pure: reads content/, computes; writing signoff.yaml is `record` (the review page's only write).
"""

from tgbot.core.signoff.files import (
    HEADER,
    SignoffError,
    language_coverage,
    read_signatures,
    record,
    signed_status,
    signoff_path,
)
from tgbot.core.signoff.model import (
    CATEGORY_ORDER,
    ENGLISH,
    SIGNOFF_FILE,
    Category,
    Counts,
    Coverage,
    ReviewText,
    Signature,
    Status,
    coverage,
    sha256,
    status_of,
)
from tgbot.core.signoff.texts import review_texts

__all__ = [
    "CATEGORY_ORDER",
    "ENGLISH",
    "HEADER",
    "SIGNOFF_FILE",
    "Category",
    "Counts",
    "Coverage",
    "ReviewText",
    "Signature",
    "SignoffError",
    "Status",
    "coverage",
    "language_coverage",
    "read_signatures",
    "record",
    "review_texts",
    "sha256",
    "signed_status",
    "signoff_path",
    "status_of",
]
