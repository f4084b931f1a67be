from django.urls import path

from region import views

app_name = "region"
urlpatterns = [
    path("towns/", views.LookupView.as_view(), name="lookup"),
    path("towns/<slug:town>/services/<slug:service>/", views.AnswerView.as_view(), name="answer"),
    path("region/", views.MatrixView.as_view(), name="matrix"),
    path("region/network/", views.NetworkView.as_view(), name="network"),
    path("region/network.svg", views.network_svg, name="network-svg"),
    path("region/savings/", views.SavingsView.as_view(), name="savings"),
    path("region/matrix.csv", views.MatrixView.as_view(), {"csv": True}, name="matrix-csv"),
]
