#!/usr/bin/python3
"""Writes files/encrypted.xls: shapes/labels_fr.csv saved by LibreOffice with the password "secret".
Needs Debian's libreoffice-calc-nogui and python3-uno (run with /usr/bin/python3); the result is checked in."""
import os, subprocess, tempfile, time, uno
from com.sun.star.beans import PropertyValue

here = os.path.dirname(os.path.abspath(__file__))
profile = tempfile.mkdtemp()
office = subprocess.Popen(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                           "--accept=socket,host=127.0.0.1,port=2202;urp;"])
try:
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    for _ in range(60):
        try:
            ctx = resolver.resolve("uno:socket,host=127.0.0.1,port=2202;urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    def prop(name, value):
        p = PropertyValue(); p.Name = name; p.Value = value; return p
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.join(here, "shapes", "labels_fr.csv")), "_blank", 0,
                                       (prop("Hidden", True), prop("FilterName", "Text - txt - csv (StarCalc)"), prop("FilterOptions", "44,34,76,1")))
    # LibreOffice 7.4 encrypts .xls (RC4) on save; it writes .xlsx in the clear whatever the password.
    doc.storeAsURL(uno.systemPathToFileUrl(os.path.join(here, "files", "encrypted.xls")),
                   (prop("FilterName", "MS Excel 97"), prop("Password", "secret")))
    doc.close(True)
finally:
    office.terminate()
    office.wait()
