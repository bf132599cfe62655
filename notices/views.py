from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from notices.forms import NoticeSettingsForm
from notices.models import NoticeOptOut
from notices.services import notice_settings_save


@login_required
def notice_settings(request):
    """A person's own choice of e-mail notices: nobody else's settings are reachable here."""
    kinds_off = set(NoticeOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    # Unticking every box posts no field at all, so the form is bound on any POST.
    data = request.POST if request.method == "POST" else None
    form = NoticeSettingsForm(data, user=request.user, kinds_off=kinds_off)
    if request.method == "POST" and form.is_valid():
        notice_settings_save(user=request.user, kinds_off=form.kinds_off())
        messages.success(request, _("Your choice of e-mails is saved."))
        return redirect("notices:notice_settings")
    return render(
        request,
        "notices/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
