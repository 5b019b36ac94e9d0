# বাংলা: the patient's own record (readings, profile, privacy), medicine reminders and
# follow-up calls. `sms-` messages are texts (short: UCS-2 gives 70 characters a segment);
# the others are spoken.

## Readings by SMS
sms-reading-saved = { $who } জন্য লেখা হল: { $reading }। শেষ পাঁচটি দেখতে READINGS পাঠান।
sms-reading-check = রিডিংটি দেখে আবার পাঠান, যেমন: { $example }
sms-reading-high = { $reading } নিরাপদ নয়। আজ ডাক্তার দেখান: DOCTOR পাঠান। বুকে ব্যথা, শ্বাসকষ্ট, অজ্ঞান, দিশেহারা হলে এখনই { $emergency } ফোন করুন
sms-reading-emergency = { $reading } বিপজ্জনক। এখনই { $emergency } ফোন করুন বা কাছের হাসপাতালে যান।
sms-reading-low-sugar = রোগী জেগে থাকলে ও গিলতে পারলে এখনই মিষ্টি কিছু খেতে বা পান করতে দিন।
sms-readings-none = { $who } জন্য এখনও কোনো রিডিং নেই। পাঠান, যেমন: BP 140/90
sms-readings-list = { $who } শেষ রিডিং:
reading-bp = বিপি { $top }/{ $bottom }
reading-sugar = সুগার { $value } mg/dL
reading-sugar-fasting = সুগার { $value } mg/dL খালি পেটে
reading-sugar-after-food = সুগার { $value } mg/dL খাওয়ার পরে
reading-weight = ওজন { $value } kg
reading-temp = তাপমাত্রা { $value } °F
reading-pulse = নাড়ি { $value }

## Profile by SMS
sms-profile-added = { $who } রেকর্ডে যোগ হল: { $item }। দেখতে PROFILE পাঠান।
sms-profile-if-now = এটা এখন হলে { $emergency } ফোন করুন বা DOCTOR পাঠান।
sms-profile-usage = ALLERGY, CONDITION বা MEDS আর তার নাম পাঠান, যেমন: ALLERGY penicillin
sms-profile-none = { $who } রেকর্ড খালি। পাঠান, যেমন: ALLERGY penicillin
sms-profile-list = { $who } রেকর্ড:
sms-profile-hint = HIDE n ডাক্তারদের থেকে লুকায়, SHOW n আবার দেখায়, REMOVE n মুছে দেয়।
sms-profile-no-item = { $n } নম্বরে কিছু নেই। নম্বর দেখতে PROFILE পাঠান।
sms-profile-removed = { $n } নম্বর মুছে ফেলা হল।
sms-profile-hidden = { $n } নম্বর এখন ডাক্তারদের থেকে লুকানো।
sms-profile-shown = { $n } নম্বর এখন ডাক্তাররা দেখতে পাবেন।
profile-allergy = অ্যালার্জি: { $text }
profile-condition = রোগ: { $text }
profile-medicine = ওষুধ: { $text }
profile-hidden-mark = (লুকানো)

## Household by SMS
sms-for-list = এই ফোন যাদের জন্য: { $list }। FOR আর একটি নম্বর পাঠান।
sms-for-set = এখন থেকে { $who } জন্য লেখা হবে।
sms-for-unknown = এই ফোনে রোগী { $n } নেই। তালিকা দেখতে FOR পাঠান।
who-self = আপনার
who-patient = রোগী { $n }-এর

## Reminders by SMS
sms-prescription-remind = ওষুধ মনে করাতে REMIND ও সময় পাঠান: 1 সকাল, 2 দুপুর, 3 সন্ধ্যা, 4 রাত, যেমন REMIND 1 4। ফোন পেতে CALL যোগ করুন।
sms-remind-usage = REMIND ও সময় পাঠান: 1 সকাল, 2 দুপুর, 3 সন্ধ্যা, 4 রাত, যেমন REMIND 1 4। SMS-এর বদলে ফোন পেতে CALL যোগ করুন।
sms-remind-none = মনে করানোর মতো এখনও কোনো প্রেসক্রিপশন নেই।
sms-remind-set = প্রেসক্রিপশন { $ref }: { $channel } দিয়ে { $times }, { $until } পর্যন্ত মনে করাব। বন্ধ করতে STOP পাঠান।
sms-remind-dose = DoorStepDoctor মনে করাচ্ছে: { $who } { $medicines } খাওয়ার সময়। খেলে 1 পাঠান।
sms-remind-taken = ধন্যবাদ। খাওয়া হয়েছে, লেখা হল।
remind-channel-sms = SMS
remind-channel-call = ফোন
remind-slot-morning = সকাল
remind-slot-afternoon = দুপুর
remind-slot-evening = সন্ধ্যা
remind-slot-night = রাত

## The record by keypad (main menu 5)
record-menu = আপনার স্বাস্থ্যের রেকর্ড। রিডিং দিতে 1 টিপুন। অ্যালার্জি, রোগ বা ওষুধ যোগ করতে 2 টিপুন। রেকর্ড শুনতে আর ডাক্তারদের থেকে কিছু লুকাতে 3 টিপুন। ফিরে যেতে স্টার টিপুন।
reading-menu = প্রেশার বা বিপির জন্য 1 টিপুন। সুগারের জন্য 2 টিপুন। ওজনের জন্য 3 টিপুন। তাপমাত্রার জন্য 4 টিপুন। নাড়ির জন্য 5 টিপুন।
reading-bp-top = প্রেশারের ওপরের সংখ্যাটি টিপুন, তারপর হ্যাশ টিপুন।
reading-bp-bottom = এবার নিচের সংখ্যাটি টিপুন, তারপর হ্যাশ টিপুন।
reading-sugar-ask = সুগারের রিডিং মিলিগ্রামে টিপুন, তারপর হ্যাশ টিপুন।
reading-weight-ask = ওজন কিলোগ্রামে টিপুন, তারপর হ্যাশ টিপুন।
reading-temp-ask = তাপমাত্রা ডিগ্রিতে টিপুন, তারপর হ্যাশ টিপুন। পয়েন্টের জন্য স্টার টিপুন।
reading-pulse-ask = নাড়ির সংখ্যা টিপুন, তারপর হ্যাশ টিপুন।
reading-saved = ধন্যবাদ। রিডিং { $reading } লেখা হয়েছে।
reading-check = রিডিংটি ঠিক মনে হচ্ছে না। দেখে আবার টিপুন।
reading-high = এই রিডিং নিরাপদ সীমার বাইরে। আজই ডাক্তার দেখান।
reading-emergency = এই রিডিং বিপজ্জনক।
reading-symptoms-ask = বুকে ব্যথা, শ্বাসকষ্ট, অজ্ঞান হওয়া, দিশেহারা ভাব, বা শরীরের এক পাশ দুর্বল, এমন কিছু আছে কি? হ্যাঁ হলে 1 টিপুন। না হলে 2 টিপুন।
reading-low-sugar = রোগী জেগে থাকলে আর গিলতে পারলে, এখনই মিষ্টি কিছু খেতে বা পান করতে দিন।
item-menu = অ্যালার্জির জন্য 1 টিপুন। অনেক দিনের রোগের জন্য 2 টিপুন। রোজ যে ওষুধ খান, তার জন্য 3 টিপুন।
condition-menu = ডায়াবেটিস বা সুগারের জন্য 1 টিপুন। হাই প্রেশার, 2। হাঁপানি, 3। টিবি, 4। হার্টের রোগ, 5। গর্ভাবস্থা, 6। অন্য রোগের জন্য 7 টিপুন।
item-say-allergy = কীসে আপনার অ্যালার্জি, বলুন।
item-say-condition = রোগের নাম বলুন।
item-say-medicine = ওষুধের নাম আর কীভাবে খান, বলুন।
item-saved = ধন্যবাদ। { $item } আপনার রেকর্ডে লেখা হয়েছে।
item-if-now = এটা এখন হলে, { $emergency }-এ যোগাযোগের জন্য 0 টিপুন।
pregnancy-month-ask = গর্ভাবস্থার কোন মাস চলছে? 1 থেকে 9-এর মধ্যে একটি সংখ্যা টিপুন।
condition-diabetes = ডায়াবেটিস
condition-hypertension = হাই প্রেশার
condition-asthma = হাঁপানি
condition-tb = টিবি
condition-heart = হার্টের রোগ
condition-pregnancy = গর্ভাবস্থা, { $month } মাস
record-empty = আপনার রেকর্ড খালি।
record-item = { $n } নম্বর: { $item }।
record-item-hidden = { $n } নম্বর: { $item }, ডাক্তারদের থেকে লুকানো।
record-toggle = কোনো কিছু ডাক্তারদের থেকে লুকাতে বা আবার দেখাতে তার নম্বর টিপুন। ফিরে যেতে স্টার টিপুন।
record-now-hidden = { $n } নম্বর এখন ডাক্তারদের থেকে লুকানো।
record-now-shown = { $n } নম্বর এখন ডাক্তাররা দেখতে পাবেন।

## Reminders by keypad (after the prescription, main menu 4)
remind-offer = এই ওষুধগুলো খাওয়ার কথা মনে করাতে 1 টিপুন। ফিরে যেতে স্টার টিপুন।
remind-times = কখন মনে করাব? সকালের জন্য 1 টিপুন। দুপুর, 2। সন্ধ্যা, 3। রাত, 4। কয়েকটি টিপতে পারেন, তারপর হ্যাশ টিপুন।
remind-how = ফোন করে মনে করাতে 1 টিপুন। SMS দিয়ে মনে করাতে 2 টিপুন।
remind-set = ধন্যবাদ। আমরা { $until } পর্যন্ত { $times } মনে করাব।

## Calls we place
remind-call = নমস্কার, ডোরস্টেপ ডক্টর থেকে বলছি, { $who } ওষুধের কথা মনে করাতে। এখন { $medicines } খাওয়ার সময়। খেয়ে থাকলে 1 টিপুন। এখনও না খেলে 2 টিপুন।
remind-call-taken = ধন্যবাদ। ভালো থাকবেন।
remind-call-not-taken = ডাক্তার যেভাবে লিখেছেন, সেভাবে খেয়ে নিন। ভালো থাকবেন।
follow-up-call = নমস্কার, ডোরস্টেপ ডক্টর থেকে বলছি। আমাদের সঙ্গে কথা বলার পর { $who } শরীর এখন কেমন, তা জানতে ফোন করেছি। ভালো হলে 1 টিপুন। একই রকম থাকলে 2 টিপুন। আরও খারাপ হলে 3 টিপুন।
follow-up-better = শুনে ভালো লাগল। ভালো থাকবেন।
follow-up-offer-doctor = এখনই ডাক্তারের সঙ্গে কথা বলতে 1 টিপুন। মূল মেনুতে ফিরতে 2 টিপুন।
replay-intro = আপনার জন্য আমাদের শেষ বার্তাটি শুনুন।
