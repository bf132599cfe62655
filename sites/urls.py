from django.urls import path

from sites import views

app_name = "sites"

# A site's own page, steder/<pk>/, is the overview app's (its history across reviews).
urlpatterns = [
    path("steder/", views.site_list, name="site_list"),
    path("steder/nyt/", views.site_create, name="site_create"),
    path("steder/<int:pk>/rediger/", views.site_edit, name="site_edit"),
    path("regioner/ny/", views.region_create, name="region_create"),
    path("regioner/<int:pk>/rediger/", views.region_edit, name="region_edit"),
    path("klynger/ny/", views.cluster_create, name="cluster_create"),
    path("klynger/<int:pk>/rediger/", views.cluster_edit, name="cluster_edit"),
]
