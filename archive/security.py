"""Security headers Django 5.2 does not set: a strict Content-Security-Policy and a
Permissions-Policy on every response.

Pages need no inline script or style (styles are classes in static/archive.css), so the policy
allows only the site's own files. A view that sets its own Content-Security-Policy keeps it (an
archived page served as it was gets a stricter sandbox of its own).
"""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Powerful features no page of the archive uses, refused for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "accelerometer", "gyroscope")
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
