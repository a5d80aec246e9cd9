"""One router per resource; backoffice.app includes them in this order (the OpenAPI order)."""
