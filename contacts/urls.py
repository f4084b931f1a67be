from django.urls import path

from contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.ProgramListView.as_view(), name="list"),
    path("<slug:slug>/", views.ProgramDetailView.as_view(), name="program"),
]
