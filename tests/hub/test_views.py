def test_an_unknown_address_gets_the_sites_own_404_page(anonymous):
    response = anonymous.get("/bg/no-such-page/")
    assert response.status_code == 404
    assert "Страницата не е намерена" in response.content.decode()


def test_switching_language_keeps_the_page(anonymous):
    response = anonymous.post(
        "/i18n/setlang/",
        {"language": "bg", "next": "/sl/accounts/login/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.url == "/bg/accounts/login/"


def test_health_check_answers_when_database_and_redis_do(anonymous, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "storage": "ok", "failed": []}


def test_health_check_fails_when_redis_does_not_answer(anonymous, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "down"


def test_the_admin_login_is_allauths_rate_limited_sign_in(anonymous):
    response = anonymous.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/sl/accounts/login/")


def test_health_check_names_the_storage_when_a_folder_cannot_be_written(
    anonymous, settings, tmp_path
):
    """Pages that need no file still answer while the storage is down."""
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    (tmp_path / "not-a-folder").write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "not-a-folder" / "private"},
        },
    }
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "ok",
        "storage": "down",
        "failed": ["storage"],
    }
    assert anonymous.get("/en/").status_code == 200
