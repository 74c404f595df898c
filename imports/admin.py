"""The import pages of the admin: upload, preview, import, undo; templates and exports.

Only staff with the permission "Can import data from files" reach them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ImportKind, ImportRecord, ImportStatus
from .resources import RESOURCES, Outcome
from .services import (
    ImportRefused,
    export_table,
    import_confirm,
    import_preview,
    import_undo,
    import_undo_plan,
    template_table,
)
from .tables import FORMATS, TableError, check_archive, file_format

PERMISSION = "imports.import_data"
UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def may_import(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("CSV, XLSX or ODS, at most 20 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_format(upload.name)
        except TableError as error:
            raise forms.ValidationError(str(error)) from None
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large; the limit is 20 MB. Use the import_data command.")
            )
        try:
            check_archive(upload, upload.name)
        except TableError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "file_name",
        "created_by",
        "status",
        "new_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "valid_rows_only",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "file_name",
        "download",
        "created_by",
        "created_at",
        "imported_at",
        "status",
        "valid_rows_only",
        "new_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "undone_at",
        "undone_by",
    ]
    exclude = ["file"]
    change_list_template = "imports/admin/change_list.html"
    change_form_template = "imports/admin/change_form.html"

    # Who may see the imports: staff with the import permission, and no one else.

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_import(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return may_import(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # An import is removed by undoing it, which checks what depends on it.
        return False

    @admin.display(description=gettext_lazy("file"))
    def download(self, record: ImportRecord) -> str:
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:imports_importrecord_file", args=[record.pk]),
            record.file_name,
        )

    def get_urls(self):
        def guarded(view):
            def wrapper(request, *args, **kwargs):
                if not may_import(request.user):
                    raise PermissionDenied
                return view(request, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path("upload/", guarded(self.upload_view), name="imports_importrecord_upload"),
            path(
                "<int:pk>/preview/", guarded(self.preview_view), name="imports_importrecord_preview"
            ),
            path(
                "<int:pk>/confirm/", guarded(self.confirm_view), name="imports_importrecord_confirm"
            ),
            path("<int:pk>/undo/", guarded(self.undo_view), name="imports_importrecord_undo"),
            path("<int:pk>/file/", guarded(self.file_view), name="imports_importrecord_file"),
            path(
                "template/<str:kind>.<str:fmt>",
                guarded(self.template_view),
                name="imports_importrecord_template",
            ),
            path(
                "export/<str:kind>.<str:fmt>",
                guarded(self.export_view),
                name="imports_importrecord_export",
            ),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "kinds": ImportKind.choices,
            "formats": list(FORMATS),
            **extra,
        }

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            record = ImportRecord(
                kind=form.cleaned_data["kind"], file_name=upload.name[:200], created_by=request.user
            )
            record.file.save(upload.name, upload, save=True)
            return self._preview(request, record)
        return TemplateResponse(
            request,
            "imports/admin/upload.html",
            self._context(request, form=form, title=_("Import from a file")),
        )

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(ImportRecord, pk=pk, status=ImportStatus.PREVIEWED)
        return self._preview(request, record)

    def _preview(self, request: HttpRequest, record: ImportRecord) -> HttpResponse:
        try:
            report = import_preview(record=record, by=request.user)
        except ImportRefused as error:
            record.file.delete(save=False)
            record.delete()
            messages.error(request, str(error))
            return redirect("admin:imports_importrecord_upload")
        return TemplateResponse(
            request,
            "imports/admin/preview.html",
            self._context(
                request,
                record=record,
                report=report,
                outcomes=[(key, Outcome.LABELS[key], report.count(key)) for key in Outcome.LABELS],
                title=_("Preview: %(name)s") % {"name": record.file_name},
            ),
        )

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(ImportRecord, pk=pk)
        if request.method != "POST":
            return redirect("admin:imports_importrecord_preview", pk=pk)
        valid_rows_only = request.POST.get("valid_rows_only") == "yes"
        try:
            report = import_confirm(record=record, by=request.user, valid_rows_only=valid_rows_only)
        except ImportRefused as error:
            messages.error(request, str(error))
            if record.status == ImportStatus.PREVIEWED:
                return redirect("admin:imports_importrecord_preview", pk=pk)
            return redirect("admin:imports_importrecord_change", pk)
        messages.success(
            request,
            _(
                "Imported: %(new)s new, %(update)s updated, %(unchanged)s unchanged, "
                "%(error)s rows with errors left out."
            )
            % {key: report.count(key) for key in Outcome.LABELS},
        )
        return redirect("admin:imports_importrecord_change", pk)

    def undo_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A page that says what undo will do (or why it cannot), then the POST that does it."""
        record = get_object_or_404(ImportRecord, pk=pk, status=ImportStatus.IMPORTED)
        if request.method != "POST":
            return TemplateResponse(
                request,
                "imports/admin/undo.html",
                self._context(
                    request,
                    record=record,
                    plan=import_undo_plan(record=record),
                    title=_("Undo: %(name)s") % {"name": record.file_name},
                ),
            )
        try:
            removed = import_undo(record=record, by=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
            return redirect("admin:imports_importrecord_undo", pk)
        messages.success(
            request,
            _(
                "The import has been undone: %(removed)s rows it created were removed and "
                "%(restored)s rows it updated have their earlier values again."
            )
            % {"removed": removed, "restored": record.changed_objects.count()},
        )
        return redirect("admin:imports_importrecord_change", pk)

    def file_view(self, request: HttpRequest, pk: int) -> FileResponse:
        record = get_object_or_404(ImportRecord, pk=pk)
        return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.file_name)

    def _table_response(self, content: bytes, name: str, fmt: str) -> HttpResponse:
        response = HttpResponse(content, content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def template_view(self, request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
        if kind not in RESOURCES or fmt not in FORMATS:
            raise Http404
        return self._table_response(template_table(kind=kind, fmt=fmt), f"{kind}-template", fmt)

    def export_view(self, request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
        if kind not in RESOURCES or fmt not in FORMATS:
            raise Http404
        return self._table_response(export_table(kind=kind, fmt=fmt), kind, fmt)
