"""Form fields the apps share."""

from django import forms
from django.core.exceptions import ValidationError


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id no database column can hold before the database sees it.

    Django's own field looks each id up one by one (out-of-range ids simply match nothing)
    and then all together with `__in`, which is not guarded: SQLite raises OverflowError and
    PostgreSQL a DataError, so 99999999999999999999 as an id answered 500.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django refuses it as not an id
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
