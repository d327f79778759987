/**
 * What `counter-agent probe` says, in Vietnamese (the default: the person checking the box at a commune) and English.
 * One catalogue per language, as in kiosk-ui/src/i18n.
 */
import { SCORE_LABELS_VI, type Score } from '@onestop/shared';

export type ProbeFailure = 'no-hello' | 'cfg-not-taken' | 'button-not-pressed' | 'button-out-of-range' | 'box-restarted' | 'port-lost' | 'port-unavailable';

export interface ProbeMessages {
  opening: (port: string, baud: number) => string;
  cannotOpen: (why: string) => string;
  waitingHello: (s: number) => string;
  hello: (serial: string, firmware: string, buttons: number) => string;
  noHello: (baud: number) => string;
  writingCfg: (serial: string, buttons: number) => string;
  cfgTaken: (serial: string, buttons: number) => string;
  cfgNotTaken: string;
  ledsIntro: string;
  led: (button: number) => string;
  pressIntro: (buttons: number, seconds: number) => string;
  press: (button: number, score: Score, seq: number) => string;
  pressAgain: (button: number, seq: number) => string;
  pressOutOfRange: (button: number, buttons: number) => string;
  restarted: string;
  portLost: string;
  beats: (n: number) => string;
  droppedLines: (n: number) => string;
  pass: string;
  fail: (checks: string) => string;
  failure: Record<ProbeFailure, (detail: string) => string>;
}

const SCORE_LABELS_EN: Record<Score, string> = { 5: 'very satisfied', 4: 'satisfied', 3: 'neutral', 2: 'dissatisfied', 1: 'very dissatisfied' };

export const PROBE_MESSAGES: Record<'vi' | 'en', ProbeMessages> = {
  vi: {
    opening: (port, baud) => `Đang mở cổng ${port} (${baud} baud)…`,
    cannotOpen: (why) => `Không mở được cổng: ${why}`,
    waitingHello: (s) => `Đang hỏi hộp ($WHO), chờ tối đa ${s} giây…`,
    hello: (serial, firmware, buttons) => `Hộp đã chào: số hiệu ${serial}, phần mềm ${firmware}, ${buttons} nút.`,
    noHello: (baud) => `Hộp không trả lời. Kiểm tra cáp USB, tốc độ (${baud} baud) và phần mềm đã nạp vào hộp.`,
    writingCfg: (serial, buttons) => `Đang ghi số hiệu ${serial} và ${buttons} nút vào hộp ($CFG)…`,
    cfgTaken: (serial, buttons) => `Hộp đã nhận: số hiệu ${serial}, ${buttons} nút.`,
    cfgNotTaken: 'Hộp không nhận cấu hình mới.',
    ledsIntro: 'Thử đèn: từng đèn sẽ sáng lần lượt từ trái sang phải. Hãy nhìn hộp.',
    led: (b) => `  Đèn nút ${b} đang sáng.`,
    pressIntro: (buttons, s) => `Bấm lần lượt từng nút, từ nút 1 (bên trái) đến nút ${buttons}, trong vòng ${s} giây. Bấm Ctrl-C để kết thúc sớm.`,
    press: (b, score, seq) => `  Nút ${b} → ${score} điểm (${SCORE_LABELS_VI[score]}), số thứ tự ${seq}: đã xác nhận.`,
    pressAgain: (b, seq) => `  Nút ${b}, số thứ tự ${seq}: hộp gửi lại, đã xác nhận lại (không tính hai lần).`,
    pressOutOfRange: (b, n) => `  Nút ${b}: hộp chỉ có ${n} nút, lần bấm này không hợp lệ.`,
    restarted: '  Hộp vừa khởi động lại (gửi $HELLO giữa chừng): kiểm tra nguồn điện và cáp.',
    portLost: 'Mất kết nối với cổng (cáp bị rút?).',
    beats: (n) => `Nhịp tim ($BEAT) nhận được: ${n}.`,
    droppedLines: (n) => `Dòng lỗi trên đường truyền (bỏ qua): ${n}.`,
    pass: 'KẾT LUẬN: Hộp đạt.',
    fail: (checks) => `KẾT LUẬN: Hộp lỗi: ${checks}.`,
    failure: {
      'no-hello': () => 'không nhận được $HELLO',
      'cfg-not-taken': (d) => `hộp không nhận cấu hình (${d})`,
      'button-not-pressed': (d) => `chưa nhận lần bấm nào của nút ${d}`,
      'button-out-of-range': (d) => `hộp gửi nút không có (${d})`,
      'box-restarted': () => 'hộp khởi động lại trong lúc kiểm tra',
      'port-lost': () => 'mất kết nối với cổng',
      'port-unavailable': (d) => `không mở được cổng (${d})`,
    },
  },
  en: {
    opening: (port, baud) => `Opening ${port} (${baud} baud)…`,
    cannotOpen: (why) => `Cannot open the port: ${why}`,
    waitingHello: (s) => `Asking the box ($WHO), waiting up to ${s} s…`,
    hello: (serial, firmware, buttons) => `The box said hello: serial ${serial}, firmware ${firmware}, ${buttons} buttons.`,
    noHello: (baud) => `No answer. Check the USB cable, the speed (${baud} baud) and the firmware on the box.`,
    writingCfg: (serial, buttons) => `Writing serial ${serial} and ${buttons} buttons into the box ($CFG)…`,
    cfgTaken: (serial, buttons) => `The box took it: serial ${serial}, ${buttons} buttons.`,
    cfgNotTaken: 'The box did not take the new settings.',
    ledsIntro: 'LED check: each LED lights in turn, left to right. Watch the box.',
    led: (b) => `  LED of button ${b} is lit.`,
    pressIntro: (buttons, s) => `Press each button in turn, from button 1 (left) to button ${buttons}, within ${s} s. Ctrl-C ends early.`,
    press: (b, score, seq) => `  Button ${b} → score ${score} (${SCORE_LABELS_EN[score]}), seq ${seq}: acknowledged.`,
    pressAgain: (b, seq) => `  Button ${b}, seq ${seq}: sent again by the box, acknowledged again (not counted twice).`,
    pressOutOfRange: (b, n) => `  Button ${b}: the box has only ${n} buttons; this press is not valid.`,
    restarted: '  The box restarted (a $HELLO mid-check): check its power and cable.',
    portLost: 'The port went away (cable pulled?).',
    beats: (n) => `Heartbeats ($BEAT) received: ${n}.`,
    droppedLines: (n) => `Bad lines on the wire (ignored): ${n}.`,
    pass: 'VERDICT: the box passes.',
    fail: (checks) => `VERDICT: the box fails: ${checks}.`,
    failure: {
      'no-hello': () => 'no $HELLO received',
      'cfg-not-taken': (d) => `the box did not take the settings (${d})`,
      'button-not-pressed': (d) => `no press received from button ${d}`,
      'button-out-of-range': (d) => `the box sent a button it does not have (${d})`,
      'box-restarted': () => 'the box restarted during the check',
      'port-lost': () => 'the port went away',
      'port-unavailable': (d) => `cannot open the port (${d})`,
    },
  },
};

/** What `counter-agent keys` says while the installer presses a keypad's keys to map them. */
export interface KeysMessages {
  intro: (device: string, buttons: number) => string;
  key: (name: string, code: number, button: number | null) => string;
  section: string;
  noKeys: string;
}

export const KEYS_MESSAGES: Record<'vi' | 'en', KeysMessages> = {
  vi: {
    intro: (device, n) => `Đang đọc ${device}. Bấm lần lượt ${n} phím sẽ dùng, từ phím hài lòng nhất (nút 1) đến phím cuối. Ctrl-C để dừng.`,
    key: (name, code, b) => (b === null ? `  ${name} (mã ${code}): đã gán rồi` : `  ${name} (mã ${code}) → nút ${b}`),
    section: 'Chép mục sau vào tệp cấu hình của chương trình quầy (agent.json):',
    noKeys: 'Chưa bấm phím nào.',
  },
  en: {
    intro: (device, n) => `Reading ${device}. Press the ${n} keys you will use, from the most satisfied (button 1) to the last. Ctrl-C stops.`,
    key: (name, code, b) => (b === null ? `  ${name} (code ${code}): already mapped` : `  ${name} (code ${code}) → button ${b}`),
    section: 'Copy this section into the agent\'s config file (agent.json):',
    noKeys: 'No key was pressed.',
  },
};
