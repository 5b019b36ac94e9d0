# मराठी: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: डॉक्टर: DOCTOR, औषध: MED औषध पिनकोड, स्थिती: STATUS, भाषा: LANG, बंद: STOP। आणीबाणी: { $emergency }
sms-lang-list = LANG आणि क्रमांक पाठवा:
sms-lang-set = आता आम्ही मराठीत उत्तर देऊ।
sms-doctor-booked = डॉक्टर फोनची विनंती नोंदली, क्रमांक { $ref }। आम्ही परत फोन करू। आणीबाणी: { $emergency }
sms-med-usage = औषध शोधण्यासाठी पाठवा: MED औषधाचे-नाव पिनकोड
sms-med-none = { $pincode } मध्ये कोणत्याही दुकानात { $medicine } उपलब्ध नाही।
sms-med-found = { $pincode } मध्ये { $medicine }:
sms-status-none = आपली कोणतीही उघडी विनंती नाही।
sms-status-callbacks = उघड्या विनंत्या: { $refs }
sms-stopped = आता आपल्याला SMS पाठवले जाणार नाहीत। पुन्हा सुरू करण्यासाठी START पाठवा।
sms-started = SMS पुन्हा सुरू। मेनूसाठी HELP पाठवा।
sms-error = माफ करा, तांत्रिक अडचण आहे। नंतर पुन्हा पाठवा। आणीबाणी: { $emergency }
