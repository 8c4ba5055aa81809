import { useHandoffNotes, useRotations } from '../api/rotations';

function LatestNote({ rotationId, rotationName }: { rotationId: string; rotationName: string }) {
  const notes = useHandoffNotes(rotationId);
  const latest = notes.data?.[0];
  if (!latest) return null;
  return (
    <section className="panel handoff" aria-label={`Handoff note for ${rotationName}`}>
      <h2>
        Handoff note from {latest.author.name} ({latest.dutyDate})
      </h2>
      <p className="note-text">{latest.text}</p>
    </section>
  );
}

/** What the person on duty sees first thing: the latest handoff note of each rotation. */
export function LatestHandoffNotes() {
  const rotations = useRotations();
  return (
    <>
      {rotations.data?.map((rotation) => (
        <LatestNote key={rotation.id} rotationId={rotation.id} rotationName={rotation.name} />
      ))}
    </>
  );
}
