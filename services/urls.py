from django.urls import path

from services import views

app_name = "services"
urlpatterns = [
    path("", views.CategoryListView.as_view(), name="list"),
    path("<slug:slug>/", views.CategoryDetailView.as_view(), name="detail"),
]
