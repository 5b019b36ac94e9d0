# বাংলা: SMS replies (keep short: UCS-2 gives 70 characters a segment).
sms-help = DoorStepDoctor: ডাক্তার: DOCTOR, ওষুধ: MED ওষুধ পিনকোড, অবস্থা: STATUS, ভাষা: LANG, বন্ধ: STOP। জরুরি: { $emergency }
sms-lang-list = LANG ও একটি সংখ্যা পাঠান:
sms-lang-set = এখন থেকে আমরা বাংলায় উত্তর দেব।
sms-doctor-booked = ডাক্তারের ফোনের অনুরোধ নেওয়া হয়েছে, নম্বর { $ref }। আমরা ফোন করব। জরুরি: { $emergency }
sms-med-usage = ওষুধ খুঁজতে পাঠান: MED ওষুধের-নাম পিনকোড
sms-med-none = { $pincode }-এ কোনো দোকানে { $medicine } নেই।
sms-med-found = { $pincode }-এ { $medicine }:
sms-status-none = আপনার কোনো খোলা অনুরোধ নেই।
sms-status-callbacks = খোলা অনুরোধ: { $refs }
sms-stopped = আপনাকে আর SMS পাঠানো হবে না। আবার শুরু করতে START পাঠান।
sms-started = SMS আবার চালু। মেনুর জন্য HELP পাঠান।
sms-error = দুঃখিত, প্রযুক্তিগত সমস্যা। পরে আবার চেষ্টা করুন। জরুরি: { $emergency }
