# ગુજરાતી: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: ડૉક્ટર: DOCTOR, દવા: MED દવા પિનકોડ, સ્થિતિ: STATUS, ભાષા: LANG, બંધ: STOP. કટોકટી: { $emergency }
sms-lang-list = LANG અને નંબર મોકલો:
sms-lang-set = હવેથી અમે ગુજરાતીમાં જવાબ આપીશું.
sms-doctor-booked = ડૉક્ટર ફોનની વિનંતી નોંધાઈ, નંબર { $ref }. અમે પાછો ફોન કરીશું. કટોકટી: { $emergency }
sms-med-usage = દવા શોધવા મોકલો: MED દવાનું-નામ પિનકોડ
sms-med-none = { $pincode } માં કોઈ દુકાનમાં { $medicine } નથી.
sms-med-found = { $pincode } માં { $medicine }:
sms-status-none = તમારી કોઈ ખુલ્લી વિનંતી નથી.
sms-status-callbacks = ખુલ્લી વિનંતીઓ: { $refs }
sms-stopped = હવે તમને SMS નહીં મોકલાય. ફરી શરૂ કરવા START મોકલો.
sms-started = SMS ફરી શરૂ. મેનુ માટે HELP મોકલો.
sms-error = માફ કરશો, ટેકનિકલ તકલીફ. પછી ફરી પ્રયત્ન કરો. કટોકટી: { $emergency }
