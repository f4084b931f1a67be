from django.urls import path

from statutes import views

app_name = "statutes"
urlpatterns = [
    path("", views.StatuteListView.as_view(), name="list"),
    path("<slug:slug>/", views.StatuteDetailView.as_view(), name="detail"),
]
