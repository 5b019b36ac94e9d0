# മലയാളം: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: ഡോക്ടർ: DOCTOR, മരുന്ന്: MED മരുന്ന് പിൻകോഡ്, സ്ഥിതി: STATUS, ഭാഷ: LANG, നിർത്താൻ: STOP. അടിയന്തരം: { $emergency }
sms-lang-list = LANG ഉം ഒരു നമ്പറും അയയ്ക്കുക:
sms-lang-set = ഇനി ഞങ്ങൾ മലയാളത്തിൽ മറുപടി നൽകും.
sms-doctor-booked = ഡോക്ടർ വിളി അപേക്ഷ രേഖപ്പെടുത്തി, നമ്പർ { $ref }. ഞങ്ങൾ തിരികെ വിളിക്കും. അടിയന്തരം: { $emergency }
sms-med-usage = മരുന്ന് കണ്ടെത്താൻ അയയ്ക്കുക: MED മരുന്നിന്റെ-പേര് പിൻകോഡ്
sms-med-none = { $pincode } ൽ ഒരു കടയിലും { $medicine } ഇല്ല.
sms-med-found = { $pincode } ൽ { $medicine }:
sms-status-none = നിങ്ങൾക്ക് തുറന്ന അപേക്ഷകളൊന്നുമില്ല.
sms-status-callbacks = തുറന്ന അപേക്ഷകൾ: { $refs }
sms-stopped = ഇനി നിങ്ങൾക്ക് SMS വരില്ല. വീണ്ടും തുടങ്ങാൻ START അയയ്ക്കുക.
sms-started = SMS വീണ്ടും തുടങ്ങി. മെനുവിന് HELP അയയ്ക്കുക.
sms-error = ക്ഷമിക്കണം, സാങ്കേതിക പ്രശ്നം. പിന്നീട് ശ്രമിക്കുക. അടിയന്തരം: { $emergency }
