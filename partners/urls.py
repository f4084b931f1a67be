from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("", views.FinderView.as_view(), name="find"),
]
