"""Image uploads from the Markdown editor: only real JPEG or PNG images, re-encoded."""

from uuid import uuid4

from django import forms
from django.http import JsonResponse
from markdownx.forms import ImageForm
from markdownx.views import ImageUploadView
from PIL import Image, UnidentifiedImageError

# SVG and GIF pass through markdownx unchanged and could carry script; raster images are
# decoded and re-encoded by Pillow, so what is stored is an image and nothing else.
ALLOWED_IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}


class RasterImageForm(ImageForm):
    def clean(self):
        upload = super().clean()
        if upload.content_type not in ALLOWED_IMAGE_TYPES:
            raise forms.ValidationError("Upload a JPEG or PNG image.")
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise forms.ValidationError("This file is not a readable JPEG or PNG image.") from None
        finally:
            upload.seek(0)
        return upload

    def get_unique_file_name(self, file_name):
        """The stored name's extension follows the checked type, never the sender's name."""
        return f"{uuid4()}.{ALLOWED_IMAGE_TYPES[self.files['image'].content_type]}"


class RasterImageUploadView(ImageUploadView):
    form_class = RasterImageForm

    def form_invalid(self, form):
        # markdownx would render a template that does not exist for non-AJAX requests.
        return JsonResponse(form.errors, status=400)
