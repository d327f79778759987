import { StaffGate } from './session';
import { CounterDesk } from './CounterDesk';
import './counter.css';

/** /counter: the one-stop staff's page. Sign in at a counter, then receive files and move them along. */
export function CounterPage() {
  return (
    <StaffGate>
      <CounterDesk />
    </StaffGate>
  );
}
