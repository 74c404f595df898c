"""Admin texts whose translation in Django's own catalogues is missing or reads wrongly.

The project's catalogues (``LOCALE_PATHS``) come before Django's for the same message, so a
message named here is translated by ``locale/<lang>/LC_MESSAGES/django.po``. Django's Slovene
admin leaves its success messages and history in English ("The … was changed successfully."),
and its entries that put a model's name after a verb need a case and gender Slovene cannot
give a name in the nominative ("Izberite prošnja za pridružitev, ki ga želite spremeniti"):
the project's Slovene puts the name after a colon instead. Bulgarian and Polish keep Django's
wording. django-simple-history, whose history pages every record's admin uses, has no Slovene
or Bulgarian at all; its messages are translated here too. Nothing imports this module; ``makemessages`` reads it, so the messages stay in the
catalogues.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = [
    # Missing from Django's Slovene admin.
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("entry"),
    gettext_noop(
        "This object doesn’t have a change history. It probably wasn’t added via this admin site."
    ),
    gettext_noop("Popup closing…"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select %s to view"),
    # Wrong case or gender with a model's name in Django's Slovene.
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("View"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Cannot delete %(name)s"),
]

# django-simple-history's history pages, untranslated in Slovene and Bulgarian.
HISTORY_MESSAGES = [
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("Revert %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
]
