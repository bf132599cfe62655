from django.urls import path

from scales import views

app_name = "scales"

urlpatterns = [
    path("", views.scale_list, name="scale_list"),
    path("indlaes/", views.scale_upload, name="scale_upload"),
    path("<int:pk>/", views.scale_detail, name="scale_detail"),
    path("<int:pk>/eksport.<str:fmt>", views.scale_download, name="scale_download"),
    path("<int:pk>/ny-version/", views.scale_new_version, name="scale_new_version"),
    path("<int:pk>/ret/", views.scale_edit, name="scale_edit"),
    path("<int:pk>/items/<int:number>/ret/", views.item_edit, name="item_edit"),
    path("<int:pk>/udgiv/", views.scale_publish, name="scale_publish"),
]
