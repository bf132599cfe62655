"""A stand-in for WeasyPrint where the subject is which render is taken, not the PDF."""

FAKE_PDF = b"%PDF-1.7 fake"
