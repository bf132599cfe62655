from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from reviews import roles


@login_required
def home(request):
    """Send each user to the start page of their role."""
    user = request.user
    if roles.is_reviewer(user):
        return redirect("my_reviews")
    if roles.is_leader(user):
        return redirect("leader_reports")
    if roles.is_admin(user):
        return redirect("admin:index")
    return render(request, "reviews/no_role.html")


@login_required
def my_reviews(request):
    return render(request, "reviews/my_reviews.html", {"reviews": []})


@login_required
def leader_reports(request):
    return render(request, "reviews/leader_reports.html", {"reviews": []})
