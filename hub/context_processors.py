from django.conf import settings


def hub(request):
    return {
        "hub": {
            "name": settings.HUB_NAME,
            "address": settings.HUB_ADDRESS,
            "email": settings.HUB_EMAIL,
            "phone": settings.HUB_PHONE,
            "intro": settings.HUB_INTRO,
            "publicity_text": settings.FUNDER_PUBLICITY_TEXT,
        }
    }
