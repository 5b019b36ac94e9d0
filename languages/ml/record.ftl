# മലയാളം: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } വേണ്ടി രേഖപ്പെടുത്തി: { $reading }. അവസാന അഞ്ചെണ്ണം കാണാൻ READINGS അയയ്ക്കുക.
sms-reading-check = റീഡിംഗ് പരിശോധിച്ച് വീണ്ടും അയയ്ക്കുക, ഉദാ.: { $example }
sms-reading-high = { $reading } സുരക്ഷിതമല്ല. ഇന്ന് ഡോക്ടർക്കായി DOCTOR അയയ്ക്കൂ. നെഞ്ചുവേദന, ശ്വാസംമുട്ട്, ബോധക്ഷയം, ആശയക്കുഴപ്പം: ഉടൻ { $emergency } വിളിക്കൂ
sms-reading-emergency = { $reading } അപകടകരമാണ്. ഉടൻ { $emergency } വിളിക്കുക അല്ലെങ്കിൽ അടുത്തുള്ള ആശുപത്രിയിൽ പോകുക.
sms-reading-low-sugar = ബോധമുണ്ടെങ്കിൽ, വിഴുങ്ങാനാകുമെങ്കിൽ ഉടൻ മധുരം കൊടുക്കുക.
sms-readings-none = { $who } വേണ്ടി റീഡിംഗുകൾ ഇതുവരെ ഇല്ല. അയയ്ക്കുക, ഉദാ.: BP 140/90
sms-readings-list = { $who } വേണ്ടി അവസാന റീഡിംഗുകൾ:
reading-bp = ബിപി { $top }/{ $bottom }
reading-sugar = ഷുഗർ { $value } mg/dL
reading-sugar-fasting = ഷുഗർ { $value } mg/dL വെറുംവയറ്റിൽ
reading-sugar-after-food = ഷുഗർ { $value } mg/dL ഭക്ഷണശേഷം
reading-weight = ഭാരം { $value } kg
reading-temp = താപനില { $value } °F
reading-pulse = പൾസ് { $value }

## Profile by SMS
sms-profile-added = { $who } വേണ്ടി രേഖയിൽ ചേർത്തു: { $item }. കാണാൻ PROFILE അയയ്ക്കുക.
sms-profile-if-now = ഇത് ഇപ്പോൾ സംഭവിക്കുന്നുണ്ടെങ്കിൽ { $emergency } വിളിക്കുക അല്ലെങ്കിൽ DOCTOR അയയ്ക്കുക.
sms-profile-usage = ALLERGY, CONDITION അല്ലെങ്കിൽ MEDS, ഒപ്പം പേരും അയയ്ക്കുക, ഉദാ.: ALLERGY penicillin
sms-profile-none = { $who } വേണ്ടിയുള്ള രേഖ ശൂന്യമാണ്. അയയ്ക്കുക, ഉദാ.: ALLERGY penicillin
sms-profile-list = { $who } വേണ്ടിയുള്ള രേഖ:
sms-profile-hint = HIDE n ഡോക്ടർമാരിൽ നിന്ന് മറയ്ക്കും, SHOW n വീണ്ടും കാണിക്കും, REMOVE n നീക്കും.
sms-profile-no-item = നമ്പർ { $n } ഇല്ല. നമ്പറുകൾ കാണാൻ PROFILE അയയ്ക്കുക.
sms-profile-removed = നമ്പർ { $n } നീക്കി.
sms-profile-hidden = നമ്പർ { $n } ഇനി ഡോക്ടർമാർക്ക് കാണില്ല.
sms-profile-shown = നമ്പർ { $n } ഇനി ഡോക്ടർമാർക്ക് കാണാം.
profile-allergy = അലർജി: { $text }
profile-condition = രോഗം: { $text }
profile-medicine = മരുന്ന്: { $text }
profile-hidden-mark = (മറച്ചത്)

## Household by SMS
sms-for-list = ഈ ഫോൺ ഇവർക്കുവേണ്ടി: { $list }. FOR ഉം ഒരു നമ്പറും അയയ്ക്കുക.
sms-for-set = ഇനി { $who } വേണ്ടി എഴുതും.
sms-for-unknown = ഈ ഫോണിൽ രോഗി { $n } ഇല്ല. പട്ടികയ്ക്ക് FOR അയയ്ക്കുക.
who-self = നിങ്ങൾക്കു
who-patient = രോഗി { $n } നു

## Reminders by SMS
sms-prescription-remind = മരുന്ന് ഓർമ്മിപ്പിക്കാൻ REMIND, സമയം അയയ്ക്കുക: 1 രാവിലെ, 2 ഉച്ച, 3 വൈകിട്ട്, 4 രാത്രി, ഉദാ. REMIND 1 4. വിളിക്കാൻ CALL ചേർക്കുക.
sms-remind-usage = REMIND, സമയം അയയ്ക്കുക: 1 രാവിലെ, 2 ഉച്ച, 3 വൈകിട്ട്, 4 രാത്രി, ഉദാ. REMIND 1 4. SMS നു പകരം വിളിക്കാൻ CALL ചേർക്കുക.
sms-remind-none = ഓർമ്മിപ്പിക്കാൻ ഇതുവരെ കുറിപ്പടി ഒന്നുമില്ല.
sms-remind-set = കുറിപ്പടി { $ref }: { $channel } വഴി { $times }, { $until } വരെ ഓർമ്മിപ്പിക്കും. നിർത്താൻ STOP അയയ്ക്കുക.
sms-remind-dose = DoorStepDoctor ഓർമ്മ: { $who } വേണ്ടി { $medicines } കഴിക്കാനുള്ള സമയം. കഴിച്ചാൽ 1 അയയ്ക്കുക.
sms-remind-taken = നന്ദി. കഴിച്ചതായി രേഖപ്പെടുത്തി.
remind-channel-sms = SMS
remind-channel-call = ഫോൺ വിളി
remind-slot-morning = രാവിലെ
remind-slot-afternoon = ഉച്ചയ്ക്ക്
remind-slot-evening = വൈകിട്ട്
remind-slot-night = രാത്രി

## The record by keypad (main menu 5)
record-menu = നിങ്ങളുടെ ആരോഗ്യ രേഖ. റീഡിംഗ് നൽകാൻ 1 അമർത്തുക. അലർജി, രോഗം അല്ലെങ്കിൽ മരുന്ന് ചേർക്കാൻ 2 അമർത്തുക. നിങ്ങളുടെ രേഖ കേൾക്കാനും ഡോക്ടർമാരിൽ നിന്ന് എന്തെങ്കിലും മറയ്ക്കാനും 3 അമർത്തുക. തിരികെ പോകാൻ സ്റ്റാർ അമർത്തുക.
reading-menu = ബിപിക്ക് 1 അമർത്തുക. ഷുഗറിന് 2 അമർത്തുക. ഭാരത്തിന് 3 അമർത്തുക. താപനിലയ്ക്ക് 4 അമർത്തുക. പൾസിന് 5 അമർത്തുക.
reading-bp-top = ദയവായി ബിപിയുടെ മുകളിലെ നമ്പർ അമർത്തുക, പിന്നെ ഹാഷ് അമർത്തുക.
reading-bp-bottom = ഇനി താഴത്തെ നമ്പർ അമർത്തുക, പിന്നെ ഹാഷ് അമർത്തുക.
reading-sugar-ask = ദയവായി ഷുഗർ റീഡിംഗ് മില്ലിഗ്രാമിൽ അമർത്തുക, പിന്നെ ഹാഷ് അമർത്തുക.
reading-weight-ask = ദയവായി ഭാരം കിലോയിൽ അമർത്തുക, പിന്നെ ഹാഷ് അമർത്തുക.
reading-temp-ask = ദയവായി താപനില ഡിഗ്രിയിൽ അമർത്തുക, പിന്നെ ഹാഷ് അമർത്തുക. പോയിന്റിന് സ്റ്റാർ അമർത്തുക.
reading-pulse-ask = ദയവായി പൾസ് അമർത്തുക, പിന്നെ ഹാഷ് അമർത്തുക.
reading-saved = നന്ദി. റീഡിംഗ് { $reading } രേഖപ്പെടുത്തി.
reading-check = ഈ റീഡിംഗ് ശരിയാണെന്ന് തോന്നുന്നില്ല. ദയവായി പരിശോധിച്ച് വീണ്ടും അമർത്തുക.
reading-high = ഈ റീഡിംഗ് സുരക്ഷിത പരിധിക്ക് പുറത്താണ്. ദയവായി ഇന്നുതന്നെ ഡോക്ടറെ കാണുക.
reading-emergency = ഈ റീഡിംഗ് അപകടകരമാണ്.
reading-symptoms-ask = നെഞ്ചുവേദന, ശ്വാസംമുട്ട്, ബോധക്ഷയം, ആശയക്കുഴപ്പം, അല്ലെങ്കിൽ ശരീരത്തിന്റെ ഒരു വശത്ത് തളർച്ച ഉണ്ടോ? ഉണ്ടെങ്കിൽ 1 അമർത്തുക. ഇല്ലെങ്കിൽ 2 അമർത്തുക.
reading-low-sugar = രോഗിക്ക് ബോധമുണ്ടെങ്കിൽ, വിഴുങ്ങാൻ കഴിയുമെങ്കിൽ, ഉടൻ മധുരമുള്ള എന്തെങ്കിലും കഴിക്കാനോ കുടിക്കാനോ കൊടുക്കുക.
item-menu = അലർജിക്ക് 1 അമർത്തുക. ഏറെക്കാലമായുള്ള രോഗത്തിന് 2 അമർത്തുക. ദിവസവും കഴിക്കുന്ന മരുന്നിന് 3 അമർത്തുക.
condition-menu = പ്രമേഹം അഥവാ ഷുഗറിന് 1 അമർത്തുക. ഉയർന്ന ബിപി, 2. ആസ്ത്മ, 3. ടിബി, 4. ഹൃദ്രോഗം, 5. ഗർഭം, 6. മറ്റൊരു രോഗത്തിന് 7 അമർത്തുക.
item-say-allergy = എന്തിനോടാണ് അലർജി എന്ന് പറയുക.
item-say-condition = രോഗത്തിന്റെ പേര് പറയുക.
item-say-medicine = മരുന്നിന്റെ പേരും അത് എങ്ങനെ കഴിക്കുന്നു എന്നും പറയുക.
item-saved = നന്ദി. { $item } നിങ്ങളുടെ രേഖയിൽ ചേർത്തു.
item-if-now = ഇത് ഇപ്പോൾ സംഭവിക്കുന്നുണ്ടെങ്കിൽ, { $emergency } ലേക്ക് ബന്ധപ്പെടാൻ 0 അമർത്തുക.
pregnancy-month-ask = ഗർഭത്തിന്റെ എത്രാം മാസമാണ്? 1 മുതൽ 9 വരെ ഒരു നമ്പർ അമർത്തുക.
condition-diabetes = പ്രമേഹം
condition-hypertension = ഉയർന്ന ബിപി
condition-asthma = ആസ്ത്മ
condition-tb = ടിബി
condition-heart = ഹൃദ്രോഗം
condition-pregnancy = ഗർഭം, മാസം { $month }
record-empty = നിങ്ങളുടെ രേഖ ശൂന്യമാണ്.
record-item = നമ്പർ { $n }: { $item }.
record-item-hidden = നമ്പർ { $n }: { $item }, ഡോക്ടർമാരിൽ നിന്ന് മറച്ചത്.
record-toggle = എന്തെങ്കിലും ഡോക്ടർമാരിൽ നിന്ന് മറയ്ക്കാനോ വീണ്ടും കാണിക്കാനോ അതിന്റെ നമ്പർ അമർത്തുക. തിരികെ പോകാൻ സ്റ്റാർ അമർത്തുക.
record-now-hidden = നമ്പർ { $n } ഇപ്പോൾ ഡോക്ടർമാരിൽ നിന്ന് മറച്ചു.
record-now-shown = നമ്പർ { $n } ഇപ്പോൾ ഡോക്ടർമാർക്ക് കാണാം.

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = ഈ മരുന്നുകൾ കഴിക്കാൻ ഓർമ്മിപ്പിക്കാൻ 1 അമർത്തുക. തിരികെ പോകാൻ സ്റ്റാർ അമർത്തുക.
remind-times = എപ്പോഴാണ് ഓർമ്മിപ്പിക്കേണ്ടത്? രാവിലെ, 1 അമർത്തുക. ഉച്ചയ്ക്ക്, 2. വൈകിട്ട്, 3. രാത്രി, 4. ഒന്നിലധികം അമർത്താം, പിന്നെ ഹാഷ് അമർത്തുക.
remind-how = ഫോൺ വിളിയിലൂടെ ഓർമ്മിപ്പിക്കാൻ 1 അമർത്തുക. SMS വഴി ഓർമ്മിപ്പിക്കാൻ 2 അമർത്തുക.
remind-set = നന്ദി. { $until } വരെ { $times } ഞങ്ങൾ ഓർമ്മിപ്പിക്കും.

## Calls we place
remind-call = നമസ്കാരം, ഡോർസ്റ്റെപ്പ് ഡോക്ടറിൽ നിന്ന് { $who } വേണ്ടി മരുന്നിന്റെ ഓർമ്മപ്പെടുത്തൽ. ഇപ്പോൾ { $medicines } കഴിക്കാനുള്ള സമയമായി. കഴിച്ചെങ്കിൽ 1 അമർത്തുക. ഇതുവരെ കഴിച്ചില്ലെങ്കിൽ 2 അമർത്തുക.
remind-call-taken = നന്ദി. ശ്രദ്ധിക്കുക.
remind-call-not-taken = ഡോക്ടർ എഴുതിയതുപോലെ കഴിക്കുക. ശ്രദ്ധിക്കുക.
follow-up-call = നമസ്കാരം, ഡോർസ്റ്റെപ്പ് ഡോക്ടറിൽ നിന്നാണ് വിളിക്കുന്നത്. നിങ്ങൾ ഞങ്ങളോട് സംസാരിച്ചിരുന്നു, അതിനാൽ { $who } വേണ്ടി ആരോഗ്യം ഇപ്പോൾ എങ്ങനെയുണ്ട് എന്ന് അറിയാനാണ് വിളിക്കുന്നത്. ഭേദമുണ്ടെങ്കിൽ 1 അമർത്തുക. അതുപോലെ തന്നെയാണെങ്കിൽ 2 അമർത്തുക. കൂടുതൽ മോശമാണെങ്കിൽ 3 അമർത്തുക.
follow-up-better = അത് കേട്ടതിൽ സന്തോഷം. ശ്രദ്ധിക്കുക.
follow-up-offer-doctor = ഇപ്പോൾ ഡോക്ടറുമായി സംസാരിക്കാൻ 1 അമർത്തുക. പ്രധാന മെനുവിലേക്ക് മടങ്ങാൻ 2 അമർത്തുക.
replay-intro = നിങ്ങൾക്കുള്ള ഞങ്ങളുടെ അവസാന സന്ദേശം ഇതാ.
