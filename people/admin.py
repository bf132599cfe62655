from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.models import Session

User = get_user_model()


class PersonAdmin(UserAdmin):
    """Django's user admin; unticking "active" ends the person's sessions at once, as
    deactivating them in the app does (people.services.person_deactivate)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            Session.objects.filter(user=obj).delete()


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)
