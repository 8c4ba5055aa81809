import { Dialog } from '../../../components/dialog';

export const SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous conversation'],
  ['Enter', 'Open the selected conversation'],
  ['r', 'Reply'],
  ['n', 'Internal note'],
  ['e', 'Close the conversation'],
  ['a', 'Assign to me'],
  ['s', 'Snooze'],
  ['m', 'Merge with another conversation of the customer'],
  ['f', 'Forward (the newest customer message, or the whole conversation)'],
  ['c', 'New conversation: an email to a customer'],
  ['z', 'Undo the newest offer in the corner (a close, a merge, a new conversation)'],
  ['p', 'Pin the selected customer words as a quote'],
  ['t', 'Accept the suggested theme'],
  ['/', 'Search'],
  ['#', 'In the reply: insert a saved reply (type to search its name, Enter to insert)'],
  ['Ctrl+Enter', 'Send the reply or note'],
  ['Esc', 'Leave the text box or close this list'],
  ['?', 'Show these shortcuts'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog label="Keyboard shortcuts" onClose={onClose}>
      {/* ? opens this list and closes it again. */}
      <div onKeyDown={(event) => event.key === '?' && onClose()}>
      <h2>Keyboard shortcuts</h2>
      <dl className="facts">
        {SHORTCUTS.map(([keys, action]) => (
          <div key={keys} style={{ display: 'contents' }}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" autoFocus onClick={onClose}>
        Close
      </button>
      </div>
    </Dialog>
  );
}
