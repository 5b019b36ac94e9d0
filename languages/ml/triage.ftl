# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = ദയവായി ഇപ്പോൾ കുറച്ച് വാക്കുകളിൽ നിങ്ങളുടെ പ്രശ്നം പറയുക.
triage-not-heard = ഞങ്ങൾക്ക് കേൾക്കാനായില്ല.
triage-emergency = നിങ്ങൾ പറഞ്ഞു: "{ $evidence }". ഇത് അപകടസൂചനയാണ്. നിങ്ങളെ ഇപ്പോൾ { $emergency } ലേക്ക് ബന്ധിപ്പിക്കുന്നു.
triage-emergency-sms = അടിയന്തരം: ഇപ്പോൾ തന്നെ { $emergency } ൽ വിളിക്കുക അല്ലെങ്കിൽ അടുത്തുള്ള ആശുപത്രിയിൽ പോകുക. "{ $evidence }" അപകടസൂചനയാണ്.
triage-reply-high = ദയവായി ഇന്നുതന്നെ ഡോക്ടറെ കാണുക. കൂടിയാൽ { $emergency } ൽ വിളിക്കുക.
triage-reply-medium = ദയവായി കുറച്ച് ദിവസത്തിനുള്ളിൽ ഡോക്ടറെ കാണുക. കൂടിയാൽ വീണ്ടും ബന്ധപ്പെടുക.
triage-reply-low = വീട്ടിൽ വിശ്രമിച്ച് ശ്രദ്ധിക്കാം. കൂടിയാലോ മൂന്ന് ദിവസത്തിനുള്ളിൽ മാറിയില്ലെങ്കിലോ ഡോക്ടറെ കാണുക.
triage-unclear = ഞങ്ങൾക്ക് മനസ്സിലായില്ല. ദയവായി കുറച്ച് വാക്കുകളിൽ വീണ്ടും പറയുക, അല്ലെങ്കിൽ ഡോക്ടറെ ആവശ്യപ്പെടുക.
triage-unclear-sms = മനസ്സിലായില്ല. കുറച്ച് വാക്കുകളിൽ പ്രശ്നം എഴുതുക, അല്ലെങ്കിൽ DOCTOR അയയ്ക്കുക.
triage-offer-doctor = ഇപ്പോൾ ഡോക്ടറോട് സംസാരിക്കാൻ 1 അമർത്തുക. പ്രധാന മെനുവിന് 2 അമർത്തുക.
triage-sms-offer-doctor = ഡോക്ടർ വിളിക്കായി DOCTOR അയയ്ക്കുക.
triage-actions-emergency = ഇപ്പോൾ തന്നെ { $emergency } ൽ വിളിക്കുക അല്ലെങ്കിൽ അടുത്തുള്ള ആശുപത്രിയിൽ പോകുക. സഹായം എത്തുന്നതുവരെ രോഗിയുടെ കൂടെ നിൽക്കുക.
