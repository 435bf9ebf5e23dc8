"""The Wagtail document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): documents are served
to the public at /documents/, so a PDF that runs JavaScript is refused here as in
every other upload (home/files.py)."""

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from home.files import PDF_ACTIVE_CONTENT, file_kind, pdf_has_active_content


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload
            kind = file_kind(upload)
            if kind is not None and kind.extension == "pdf":
                if pdf_has_active_content(upload):
                    raise forms.ValidationError(PDF_ACTIVE_CONTENT)
        return upload
