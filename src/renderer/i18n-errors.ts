// Why a file could not be analyzed, per AnalysisErrorCode, in both languages: 'error.<code>' says what is wrong,
// 'hint.<code>' what to do next. The engine's own message is English and more specific (the file's kind, its
// size, the damaged part); the toast and the progress panel keep it as a details line for the codes where it adds something.
import { ANALYSIS_ERROR_CODES, type AnalysisErrorCode } from '../shared/types';

export const ERROR_MESSAGES = {
  'error.file_not_found': { 'zh-CN': '找不到该文件，可能已被移动或删除。', en: 'The file was not found; it may have been moved or deleted.' },
  'hint.file_not_found': { 'zh-CN': '请确认文件所在位置后重新导入。', en: 'Check where the file is and import it again.' },
  'error.file_unreadable': { 'zh-CN': '无法读取该文件，可能没有读取权限，或文件正被其他程序占用。', en: 'The file could not be read: no permission, or another program is using it.' },
  'hint.file_unreadable': { 'zh-CN': '请检查文件权限，或将其复制到其他文件夹后重新导入。', en: 'Check its permissions, or copy it to another folder and import it again.' },
  'error.not_a_file': { 'zh-CN': '这不是一个普通文件（可能是文件夹或快捷方式）。', en: 'This is not a regular file (perhaps a folder or a shortcut).' },
  'hint.not_a_file': { 'zh-CN': '请选择政策文件本身；整个文件夹可以直接拖入窗口。', en: 'Choose the policy file itself; a whole folder can be dragged onto the window.' },
  'error.too_large': { 'zh-CN': '文件过大，超出 PolicyBench 可读取的上限。', en: 'The file is larger than PolicyBench reads.' },
  'hint.too_large': { 'zh-CN': '请只导出隐私政策本身，或将文件拆分后重新导入。', en: 'Export only the privacy policy, or split the file, and import it again.' },
  'error.binary': { 'zh-CN': '这不是文本、HTML、PDF 或 DOCX 文件（可能是图片、压缩包或程序）。', en: 'This is not a text, HTML, PDF or DOCX file (perhaps an image, an archive or a program).' },
  'hint.binary': { 'zh-CN': '请将政策另存为 .txt、.html、.pdf 或 .docx 后重新导入。', en: 'Save the policy as .txt, .html, .pdf or .docx and import it again.' },
  'error.empty': { 'zh-CN': '文件是空的，或只有空白。', en: 'The file is empty, or holds only white space.' },
  'hint.empty': { 'zh-CN': '请确认选对了文件、且文件已完整保存，然后重新导入。', en: 'Check that this is the right file and that it was saved completely, then import it again.' },
  'error.unsupported_format': { 'zh-CN': '不支持此文件格式。', en: 'This file format is not supported.' },
  'hint.unsupported_format': { 'zh-CN': '请将政策另存为 .txt、.html、.pdf 或 .docx 后重新导入。', en: 'Save the policy as .txt, .html, .pdf or .docx and import it again.' },
  'error.decode_failed': { 'zh-CN': '无法识别文件的文字编码。', en: 'The text encoding of the file was not recognised.' },
  'hint.decode_failed': { 'zh-CN': '请用文本编辑器将其另存为 UTF-8 编码的 .txt 后重新导入。', en: 'Save it as UTF-8 text (.txt) in a text editor and import it again.' },
  'error.parse_failed': { 'zh-CN': '文件已损坏，或内容与其格式不符，无法解析。', en: 'The file is damaged, or its content does not match its format.' },
  'hint.parse_failed': { 'zh-CN': '请用原来的软件打开并另存一份（或另存为 .txt）后重新导入。', en: 'Open it in the program that made it, save a new copy (or save it as .txt) and import that.' },
  'error.no_text': { 'zh-CN': '文件中没有可读的政策文字（可能是扫描件或图片）。', en: 'The file has no readable policy text (perhaps a scan or images).' },
  'hint.no_text': { 'zh-CN': '请使用带文字层的版本，或将政策文字复制到 .txt 文件后重新导入。', en: 'Use a version with a text layer, or copy the policy text into a .txt file and import that.' },
  'error.encrypted': { 'zh-CN': '文件受密码保护，无法读取其文字。', en: 'The file is password-protected, so its text cannot be read.' },
  'hint.encrypted': { 'zh-CN': '请先去除密码保护（或另存一份未加密的副本）后重新导入。', en: 'Remove the password protection (or save an unprotected copy) and import it again.' },
  'error.timeout': { 'zh-CN': '分析时间过长，已停止。', en: 'The analysis took too long and was stopped.' },
  'hint.timeout': { 'zh-CN': '请重试；如仍超时，请将文件拆分后再导入。', en: 'Try again; if it still times out, split the file and import the parts.' },
  'error.cancelled': { 'zh-CN': '分析已取消。', en: 'The analysis was cancelled.' },
  'hint.cancelled': { 'zh-CN': '如需比对此政策，请重新导入该文件。', en: 'Import the file again to compare this policy.' },
  'error.internal': { 'zh-CN': 'PolicyBench 分析此文件时出现内部错误。', en: 'PolicyBench hit an internal error while analyzing this file.' },
  'hint.internal': { 'zh-CN': '其他文件不受影响。请将此文件和下方的详细信息报告给开发者。', en: 'Other files are not affected. Please report this file and the details below to the developers.' },
  'error.details': { 'zh-CN': '详细信息（英文）', en: 'Details' },
} as const satisfies Record<`error.${AnalysisErrorCode}` | `hint.${AnalysisErrorCode}` | 'error.details', Record<'zh-CN' | 'en', string>>;

/** Codes whose engine message says more than the localized text (which kind of file, its size, what is damaged…). */
const DETAIL_CODES: ReadonlySet<AnalysisErrorCode> = new Set(ANALYSIS_ERROR_CODES.filter((c) => c !== 'empty' && c !== 'cancelled'));

export function isAnalysisErrorCode(code: string | undefined): code is AnalysisErrorCode {
  return (ANALYSIS_ERROR_CODES as readonly string[]).includes(code ?? '');
}

/** Whether the engine's English message is worth showing beside the localized text for CODE. */
export function showsEngineDetail(code: AnalysisErrorCode): boolean {
  return DETAIL_CODES.has(code);
}
