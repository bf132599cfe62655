"""Names are one line of ordinary text.

A name (of a site, region, cluster, person, responsible) is shown in lists, headings, PDFs and
e-mail subjects. A line break would break those, and the invisible format characters that
reverse the direction of text (U+202E and its kin) or hide between letters could make a name
read as another. Free texts (remarks, notes) keep their line breaks.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Control characters (Cc), format characters such as the direction overrides and zero-width
# joiners (Cf), and the Unicode line and paragraph separators (Zl, Zp).
REFUSED = {"Cc", "Cf", "Zl", "Zp"}


@deconstructible
class OneLine:
    message = _(
        "Write the name on one line without tabs or invisible control characters (such as "
        "characters that turn the direction of the text)."
    )

    def __call__(self, value):
        if isinstance(value, str) and any(unicodedata.category(c) in REFUSED for c in value):
            raise ValidationError(self.message, code="one_line")

    def __eq__(self, other):
        return isinstance(other, OneLine)


one_line = OneLine()
