# Triage replies: fixed, safe texts used for emergencies, when no LLM is configured,
# and whenever an LLM reply fails the guard. Never name a medicine or a diagnosis here.
triage-describe = કૃપા કરીને હમણાં થોડા શબ્દોમાં તમારી તકલીફ કહો.
triage-not-heard = અમને સંભળાયું નહીં.
triage-emergency = તમે કહ્યું: "{ $evidence }". આ જોખમની નિશાની છે. તમને હમણાં { $emergency } સાથે જોડીએ છીએ.
triage-emergency-sms = કટોકટી: હમણાં { $emergency } પર ફોન કરો અથવા નજીકની હોસ્પિટલ જાઓ. "{ $evidence }" જોખમની નિશાની છે.
triage-reply-high = કૃપા કરીને આજે જ ડૉક્ટરને બતાવો. વધે તો { $emergency } પર ફોન કરો.
triage-reply-medium = કૃપા કરીને થોડા દિવસમાં ડૉક્ટરને બતાવો. વધે તો ફરી સંપર્ક કરો.
triage-reply-low = ઘરે આરામ કરીને ધ્યાન રાખી શકો છો. વધે કે ત્રણ દિવસમાં સારું ન થાય તો ડૉક્ટરને બતાવો.
triage-unclear = અમે સમજી શક્યા નહીં. કૃપા કરીને થોડા શબ્દોમાં ફરી કહો, અથવા ડૉક્ટર માંગો.
triage-unclear-sms = સમજાયું નહીં. થોડા શબ્દોમાં તકલીફ લખો, અથવા DOCTOR મોકલો.
triage-offer-doctor = હમણાં ડૉક્ટર સાથે વાત કરવા 1 દબાવો. મુખ્ય મેનુ માટે 2 દબાવો.
triage-sms-offer-doctor = ડૉક્ટરના ફોન માટે DOCTOR મોકલો.
triage-actions-emergency = હમણાં { $emergency } પર ફોન કરો અથવા નજીકની હોસ્પિટલ જાઓ. મદદ આવે ત્યાં સુધી દર્દી સાથે રહો.
