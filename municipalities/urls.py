from django.urls import path

from municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("", views.BodyListView.as_view(), name="list"),
    path("<slug:slug>/", views.BodyDetailView.as_view(), name="detail"),
]
