// Rename and remove dialogs (modal, keyboard-first: Enter confirms, Escape cancels).
import { useEffect, useRef, useState } from 'react';
import { removePolicy, renamePolicy } from '../actions';
import { t } from '../i18n';
import { useStore } from '../store';

function Modal(props: { title: string; onCancel(): void; children: React.ReactNode }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        props.onCancel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [props]);
  return (
    <div className="modal-backdrop" onPointerDown={(e) => e.target === e.currentTarget && props.onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={props.title}>
        <h2>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}

export function Dialogs() {
  const lang = useStore((s) => s.lang);
  const dialog = useStore((s) => s.dialog);
  const policy = useStore((s) => s.matrix?.policies.find((p) => p.id === s.dialog?.policyId));
  const openDialog = useStore((s) => s.openDialog);
  const [name, setName] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (dialog?.kind === 'rename') {
      setName(policy?.app ?? '');
      requestAnimationFrame(() => inputRef.current?.select());
    } else if (dialog?.kind === 'remove') {
      requestAnimationFrame(() => confirmRef.current?.focus());
    }
  }, [dialog]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!dialog || !policy) return null;
  const cancel = () => openDialog(null);

  if (dialog.kind === 'rename') {
    return (
      <Modal title={t(lang, 'rename.title')} onCancel={cancel}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const id = dialog.policyId;
            openDialog(null);
            void renamePolicy(id, name);
          }}
        >
          <label className="field">
            <span>{t(lang, 'rename.label')}</span>
            <input ref={inputRef} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
          </label>
          <p className="muted">{t(lang, 'rename.file', { file: policy.file })}</p>
          <div className="modal-actions">
            <button type="button" onClick={cancel}>
              {t(lang, 'dialog.cancel')}
            </button>
            <button type="submit" className="primary" disabled={!name.trim()}>
              {t(lang, 'dialog.save')}
            </button>
          </div>
        </form>
      </Modal>
    );
  }
  return (
    <Modal title={t(lang, 'remove.title', { app: policy.app })} onCancel={cancel}>
      <p>{t(lang, 'remove.body')}</p>
      <p className="muted">{policy.file}</p>
      <div className="modal-actions">
        <button type="button" onClick={cancel}>
          {t(lang, 'dialog.cancel')}
        </button>
        <button
          ref={confirmRef}
          type="button"
          className="primary danger"
          onClick={() => {
            const id = dialog.policyId;
            openDialog(null);
            void removePolicy(id);
          }}
        >
          {t(lang, 'dialog.remove')}
        </button>
      </div>
    </Modal>
  );
}
