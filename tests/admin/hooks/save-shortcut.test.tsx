import { fireEvent, render } from '@testing-library/react';
import { useRef } from 'react';

import { useSaveShortcut } from '../../../admin/src/hooks/useSaveShortcut';

const Editor = ({ canSave, onSubmit }: { canSave: boolean; onSubmit: () => void }) => {
  const formRef = useRef<HTMLFormElement>(null);
  useSaveShortcut(formRef, canSave);
  return (
    <form
      ref={formRef}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    />
  );
};

test('Given changes to save, When Ctrl+S is pressed, Then the form is submitted', () => {
  const onSubmit = jest.fn();
  render(<Editor canSave onSubmit={onSubmit} />);

  fireEvent.keyDown(window, { key: 's', ctrlKey: true });

  expect(onSubmit).toHaveBeenCalledTimes(1);
});

test('Given nothing to save, When Cmd+S is pressed, Then nothing is submitted and the browser does not save the page', () => {
  const onSubmit = jest.fn();
  render(<Editor canSave={false} onSubmit={onSubmit} />);

  const notCancelled = fireEvent.keyDown(window, { key: 'S', metaKey: true });

  expect(onSubmit).not.toHaveBeenCalled();
  expect(notCancelled).toBe(false);
});

test('Given changes to save, When S is pressed alone, Then nothing is submitted', () => {
  const onSubmit = jest.fn();
  render(<Editor canSave onSubmit={onSubmit} />);

  fireEvent.keyDown(window, { key: 's' });

  expect(onSubmit).not.toHaveBeenCalled();
});
