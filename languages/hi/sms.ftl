# हिन्दी: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: डॉक्टर कॉल: DOCTOR, दवा खोज: MED दवा पिनकोड, स्थिति: STATUS, भाषा: LANG, बंद: STOP। आपातकाल: { $emergency }
sms-lang-list = LANG और अंक भेजें:
sms-lang-set = अब हम आपको हिन्दी में जवाब देंगे।
sms-doctor-booked = डॉक्टर कॉल का अनुरोध दर्ज, संख्या { $ref }। हम वापस कॉल करेंगे। आपातकाल: { $emergency }
sms-med-usage = दवा खोजने के लिए भेजें: MED दवा-का-नाम पिनकोड
sms-med-none = { $pincode } में किसी दुकान पर { $medicine } उपलब्ध नहीं है।
sms-med-found = { $pincode } में { $medicine }:
sms-status-none = आपका कोई खुला अनुरोध नहीं है।
sms-status-callbacks = खुले अनुरोध: { $refs }
sms-stopped = अब आपको SMS नहीं भेजे जाएँगे। फिर शुरू करने के लिए START भेजें।
sms-started = SMS फिर से शुरू। मेनू के लिए HELP भेजें।
sms-error = माफ़ कीजिए, तकनीकी समस्या है। बाद में फिर भेजें। आपातकाल: { $emergency }
