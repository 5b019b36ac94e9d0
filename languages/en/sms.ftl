# English: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: send DOCTOR for a doctor's call, MED medicine pincode to find medicine, STATUS for your requests, LANG to change language, STOP to end SMS. Emergency: call { $emergency }.
sms-lang-list = Reply LANG and a number:
sms-lang-set = We will now reply in English.
sms-doctor-booked = Your request for a doctor's call is noted, number { $ref }. We will call you back. Emergency: call { $emergency }.
sms-med-usage = To find a medicine, send: MED medicine-name pincode
sms-med-none = No pharmacy in { $pincode } has { $medicine } in stock.
sms-med-found = { $medicine } in { $pincode }:
sms-status-none = You have no open requests.
sms-status-callbacks = Open requests: { $refs }
sms-stopped = You will get no more SMS from DoorStepDoctor. Send START to begin again.
sms-started = SMS are on again. Send HELP for the menu.
sms-error = Sorry, we have a technical problem. Please try again later. Emergency: call { $emergency }.
