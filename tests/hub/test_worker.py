import time

import pytest
from django.core import mail

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_real_worker_delivers_the_sign_up_confirmation(celery_worker, anonymous):
    """The sign-up commits to PostgreSQL, the mail is queued on Redis after commit, a worker sends it."""
    response = anonymous.post(
        "/en/accounts/signup/",
        {
            "email": "worker@example.org",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )
    assert response.status_code == 302

    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the confirmation"
    assert mail.outbox[0].to == ["worker@example.org"]
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body
