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

# The danger-sign interview: yes/no questions by keypad after a triage that was not an
# emergency. Each question is phrased so that "yes" is the danger sign.
danger-intro = સાવચેતી માટે થોડા નાના સવાલ.
danger-keys = હા માટે 1 દબાવો, ના માટે 2 દબાવો.
danger-invalid = કૃપા કરીને હા માટે 1 દબાવો, અથવા ના માટે 2 દબાવો.
danger-q-universal = શું કોઈ બેભાન છે, ખેંચ આવે છે, શ્વાસ લેવામાં બહુ તકલીફ છે, કે બહુ લોહી વહે છે?
danger-q-child_drink = શું બાળક કંઈ પી શકતું નથી, કે ધાવી શકતું નથી?
danger-q-child_vomit = શું બાળક બધું જ ઉલટી કરી નાખે છે, પાણી પણ?
danger-q-child_fits = શું આ બીમારીમાં બાળકને ખેંચ આવી છે?
danger-q-child_sleepy = શું બાળક બહુ ઘેનમાં છે, કે ઉઠાડવા છતાં માંડ ઊઠે છે?
danger-q-child_breathing = શું બાળક ઝડપથી શ્વાસ લે છે, કે દરેક શ્વાસે છાતી અંદર ખેંચાય છે?
danger-q-preg_bleeding = શું નીચેથી થોડું પણ લોહી પડે છે?
danger-q-preg_movement = શું પેટમાં બાળકનું હલનચલન બંધ થઈ ગયું છે, કે બહુ ઓછું થઈ ગયું છે?
danger-q-preg_headache = શું માથામાં બહુ સખત દુખાવો છે, કે ઝાંખું દેખાય છે?
danger-q-stroke_signs = શું ચહેરા કે શરીરની એક બાજુ નબળી પડી ગઈ છે, કે બોલવાનું ચોખ્ખું સમજાતું નથી?
danger-q-headache_sudden = શું માથાનો દુખાવો અચાનક શરૂ થયો, અને શું આ અત્યાર સુધીનો સૌથી સખત દુખાવો છે?
danger-q-chest_pain = શું છાતીમાં દુખાવો, દબાણ કે ભાર લાગે છે?
danger-q-injury_bleeding = શું એવું લોહી વહે છે જે બંધ થતું નથી?
danger-q-injury_head = શું માથામાં વાગ્યું છે, અને ત્યારથી ઉલટી થાય છે?
danger-q-elderly_stand = શું દર્દી ઊભા નથી થઈ શકતા કે ચાલી નથી શકતા?
danger-q-burn_site = શું ચહેરો દાઝ્યો છે, કે દાઝેલો ભાગ દર્દીના હાથ કરતાં મોટો છે?
danger-q-fever_neck = શું ડોક એટલી જકડાઈ ગઈ છે કે દાઢી છાતીને અડતી નથી?
danger-q-fever_bleeding = શું પેઢાં કે નાકમાંથી લોહી આવે છે?
danger-q-bite_face = શું ચહેરા, માથા કે ડોક પર કરડ્યું છે?
danger-q-abdomen_severe = શું પેટમાં બહુ જ સખત દુખાવો છે?
danger-q-sugar_symptoms = શું દર્દીને ભાન બરાબર નથી, બહુ ઘેન છે, કે પરસેવો વળે છે અને શરીર ધ્રૂજે છે?
danger-q-breathing = શું શ્વાસ લેવામાં તકલીફ છે?
# By SMS only the universal question is asked, when the urgency is medium or high.
danger-sms-question = સાવચેતી માટે: કોઈ બેભાન હોય, ખેંચ આવે, શ્વાસમાં બહુ તકલીફ હોય કે બહુ લોહી વહે તો 1 મોકલો, નહીં તો 2 મોકલો.
danger-sms-no = આભાર. કંઈ પણ બદલાય તો { $emergency } પર ફોન કરો.
